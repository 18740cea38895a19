import { useState } from 'react';
import { runAction } from '../api/action-endpoints';
import { toApiErrorLike } from '../api/client';
import type { ButtonBlockSpec } from '../api/types';
import { usePage } from '../apps/page-context';
import { routeHref } from '../apps/use-hash-route';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Spinner } from '../ui/spinner';
import { actionFailureText as failureText } from './action-failure';
import { BlockFrame } from './block-frame';

type Outcome = { kind: 'done' } | { kind: 'failed'; message: string };

/** Runs one action of the app, then applies what it returns: page variables, reloads, a page to open. */
export function ButtonBlock({ spec }: { spec: ButtonBlockSpec }) {
  const { app, variables, setVariable, refreshDatasets } = usePage();
  const action = app.actions[spec.action];
  const allowed = action?.allowed === true;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async () => {
    setAsking(false);
    setBusy(true);
    setOutcome(null);
    try {
      const result = await runAction(app.name, spec.action, actionParams(spec, variables));
      for (const [name, value] of Object.entries(result.set)) setVariable(name, value);
      // Grids of a written table also hear of the changeset on the live stream.
      if (result.refresh.length) refreshDatasets(result.refresh);
      setOutcome({ kind: 'done' });
      if (result.navigate) window.location.hash = routeHref(app.name, result.navigate);
    } catch (err) {
      setOutcome({ kind: 'failed', message: failureText(toApiErrorLike(err)) });
    } finally {
      setBusy(false);
    }
  };

  const reason = !action ? 'This action is not available.' : allowed ? undefined : `You may not run ${action.label ?? spec.label}.`;
  return (
    <BlockFrame spec={spec} className="block-button">
      <div className="button-block">
        <span title={reason}>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || !allowed}
            aria-describedby={reason ? `${spec.id}-reason` : undefined}
            onClick={() => (spec.confirm ? setAsking(true) : void run())}
            data-testid={`button-${spec.id}`}
          >
            {busy ? <Spinner small label="Running" /> : null}
            {spec.label}
          </button>
        </span>
        {reason ? (
          <span className="field-hint" id={`${spec.id}-reason`}>
            {reason}
          </span>
        ) : null}
      </div>
      {outcome ? (
        <div
          className={`form-outcome ${outcome.kind === 'done' ? 'form-outcome-ok' : 'form-outcome-refused'}`}
          role={outcome.kind === 'done' ? 'status' : 'alert'}
          data-testid={`button-outcome-${spec.id}`}
          data-outcome={outcome.kind}
        >
          {outcome.kind === 'done' ? 'Done' : outcome.message}
        </div>
      ) : null}
      {asking ? (
        <ConfirmDialog title={spec.label} confirmLabel={spec.label} busy={busy} error={null} onConfirm={() => void run()} onCancel={() => setAsking(false)}>
          <p>{spec.confirm}</p>
        </ConfirmDialog>
      ) : null}
    </BlockFrame>
  );
}

/** A param naming a page variable takes its current value; anything else is passed as written. */
function actionParams(spec: ButtonBlockSpec, variables: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(spec.params ?? {})) {
    params[name] = typeof source === 'string' && source in variables ? variables[source] : source;
  }
  return params;
}
