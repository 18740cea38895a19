import { useState } from 'react';
import { runAction } from '../api/action-endpoints';
import { toApiErrorLike } from '../api/client';
import type { ActionRunResult, ButtonBlockSpec } from '../api/types';
import { usePage } from '../apps/page-context';
import { routeHref } from '../apps/use-hash-route';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Spinner } from '../ui/spinner';
import { actionFailureText as failureText } from './action-failure';
import { ActionDialog } from './action-dialog';
import { BlockFrame } from './block-frame';

type Outcome = { kind: 'done' } | { kind: 'failed'; message: string };

/** Runs one action of the app, then applies what it returns: page variables, reloads, a page to open. */
export function ButtonBlock({ spec }: { spec: ButtonBlockSpec }) {
  const { app, variables, setVariable, refreshDatasets } = usePage();
  const action = app.actions[spec.action];
  const allowed = action?.allowed === true;
  const [asking, setAsking] = useState(false);
  // Parameters the button does not give are asked for in a dialog.
  const open = action ? Object.keys(action.params).filter((p) => !Object.hasOwn(spec.params ?? {}, p)) : [];
  const [dialog, setDialog] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async () => {
    setAsking(false);
    setBusy(true);
    setOutcome(null);
    try {
      done(await runAction(app.name, spec.action, actionParams(spec, variables)));
    } catch (err) {
      setOutcome({ kind: 'failed', message: failureText(toApiErrorLike(err)) });
    } finally {
      setBusy(false);
    }
  };

  const done = (result: ActionRunResult) => {
    for (const [name, value] of Object.entries(result.set)) setVariable(name, value);
    // Grids of a written table also hear of the changeset on the live stream.
    if (result.refresh.length) refreshDatasets(result.refresh);
    setOutcome({ kind: 'done' });
    if (result.navigate) window.location.hash = routeHref(app.name, result.navigate);
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
            onClick={() => (open.length ? setDialog(true) : spec.confirm ? setAsking(true) : void run())}
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
      {dialog && action ? (
        <ActionDialog
          name={spec.action}
          action={action}
          title={spec.label.replace(/…$/, '')}
          subject={spec.confirm}
          preset={actionParams(spec, variables)}
          onCancel={() => setDialog(false)}
          onDone={(result) => {
            setDialog(false);
            setOutcome(null);
            done(result);
          }}
        />
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
