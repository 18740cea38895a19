import { useId, useState } from 'react';
import { runAction, type ActionRows } from '../api/action-endpoints';
import { toApiErrorLike } from '../api/client';
import type { ActionInfo, ActionRunResult } from '../api/types';
import { usePage } from '../apps/page-context';
import { Dialog } from '../ui/dialog';
import { humanize } from '../ui/format';
import { Spinner } from '../ui/spinner';
import { actionFailureText } from './action-failure';
import { useDataset } from './use-dataset';

type ParamInfo = ActionInfo['params'][string];

interface ActionDialogProps {
  name: string;
  action: ActionInfo;
  title: string;
  /** What the run changes, e.g. "50 selected rows". */
  subject?: string;
  /** The rows it runs on (an action with a selection). */
  rows?: ActionRows;
  /** Parameters already decided (e.g. by a button from page variables): not asked, sent as they are. */
  preset?: Record<string, unknown>;
  onDone: (result: ActionRunResult) => void;
  onCancel: () => void;
}

/**
 * Asks for an action's parameters (typed inputs; a dropdown where the parameter has options) and
 * runs it. A refused run keeps the dialog open with the server's reason; nothing was written.
 */
export function ActionDialog({ name, action, title, subject, rows, preset = {}, onDone, onCancel }: ActionDialogProps) {
  const { app } = usePage();
  const idPrefix = useId();
  const entries = Object.entries(action.params).filter(([key]) => !Object.hasOwn(preset, key));
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(entries.map(([key, p]) => [key, p.default === undefined || p.default === null ? '' : String(p.default)])),
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const missing = entries.filter(([key, p]) => p.required && values[key]!.trim() === '').map(([key, p]) => p.label ?? humanize(key));

  const run = async () => {
    setBusy(true);
    setFailure(null);
    try {
      onDone(await runAction(app.name, name, { ...paramValues(action, values), ...preset }, rows));
    } catch (err) {
      setFailure(actionFailureText(toApiErrorLike(err)));
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} onClose={onCancel} testId="action-dialog">
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (!missing.length && !busy) void run();
        }}
      >
        {subject ? <p data-testid="action-subject">{subject}</p> : null}
        {entries.map(([key, param]) => (
          <label key={key} className="form-field" htmlFor={`${idPrefix}-${key}`}>
            <span className="form-label">
              {param.label ?? humanize(key)}
              {param.required ? ' *' : ''}
            </span>
            {param.options ? (
              <OptionsInput
                id={`${idPrefix}-${key}`}
                param={param}
                value={values[key]!}
                name={key}
                onChange={(v) => setValues((prev) => ({ ...prev, [key]: v }))}
              />
            ) : (
              <input
                id={`${idPrefix}-${key}`}
                name={key}
                className="input"
                type={param.type === 'number' ? 'number' : param.type === 'date' ? 'date' : 'text'}
                value={values[key]}
                onChange={(e) => setValues((prev) => ({ ...prev, [key]: e.target.value }))}
                data-testid={`action-param-${key}`}
              />
            )}
          </label>
        ))}
        {failure ? (
          <div className="form-outcome form-outcome-refused" role="alert" data-testid="action-failure">
            {failure}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || missing.length > 0}
            title={missing.length ? `Fill in ${missing.join(', ')}` : undefined}
            data-testid="action-run"
          >
            {busy ? <Spinner small label="Running" /> : null}
            {title}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function OptionsInput({ id, param, name, value, onChange }: { id: string; param: ParamInfo; name: string; value: string; onChange: (value: string) => void }) {
  const options = param.options!;
  const query = useDataset(options.dataset);
  const rows = query.data?.rows ?? [];
  const labelColumn = options.label ?? options.value;
  return (
    <select
      name={name}
      className="input"
      value={value}
      disabled={query.loading}
      onChange={(e) => onChange(e.target.value)}
      data-testid={`action-param-${name}`}
    >
      <option value="">{query.error ? 'Choices could not be loaded' : query.loading ? 'Loading…' : 'Choose…'}</option>
      {rows.map((row, i) => (
        <option key={i} value={String(row[options.value] ?? '')}>
          {String(row[labelColumn] ?? row[options.value] ?? '')}
        </option>
      ))}
    </select>
  );
}

/** Typed values: numbers as numbers, booleans as booleans, empty inputs left out (the default applies). */
function paramValues(action: ActionInfo, values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, param] of Object.entries(action.params)) {
    if (!Object.hasOwn(values, key)) continue;
    const text = values[key]!.trim();
    if (text === '') continue;
    out[key] = param.type === 'number' ? Number(text) : param.type === 'boolean' ? text === 'true' : text;
  }
  return out;
}
