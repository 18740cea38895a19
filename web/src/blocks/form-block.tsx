import { useMemo, useState, type FormEvent } from 'react';
import { submitForApproval } from '../api/approval-endpoints';
import { toApiErrorLike } from '../api/client';
import { submitChangeset } from '../api/endpoints';
import type { CellRow, ColumnInfo, FormBlockSpec, FormFieldSpec } from '../api/types';
import { usePage } from '../apps/page-context';
import { formatAmount, routeLabel } from '../approvals/level-names';
import { announceApprovalsChanged } from '../approvals/use-inbox-count';
import { humanize } from '../ui/format';
import { keyOf } from '../ui/row-keys';
import { Spinner } from '../ui/spinner';
import { BlockFrame } from './block-frame';
import { checkField, checkInputs, fieldErrors, inputKind, parseField } from './form-fields';
import { useDataset } from './use-dataset';

type Outcome = { kind: 'submitted'; text: string; requestId: string } | { kind: 'saved'; text: string } | { kind: 'refused'; messages: string[] };

/** Inserts one row per submit: for approval (a submission) or straight through the write pipeline. */
export function FormBlock({ spec }: { spec: FormBlockSpec }) {
  const { app, reportChange } = usePage();
  const table = app.tables[spec.table];
  const columns = useMemo(() => new Map((table?.columns ?? []).map((c) => [c.name, c])), [table]);
  const submitMode = spec.submit ?? (table?.approvals ? 'approve' : 'write');
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  if (!table)
    return (
      <BlockFrame spec={spec}>
        <p className="notice">This form's table is not available to you.</p>
      </BlockFrame>
    );
  const allowed = submitMode === 'approve' ? table.canSubmitInsert === true : table.canInsert;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = checkInputs(values, spec.fields, columns);
    setProblems(Object.fromEntries(Object.entries(local).map(([c, m]) => [c, [m]])));
    setOutcome(null);
    if (Object.keys(local).length) return;
    const row: CellRow = {};
    for (const field of spec.fields) {
      const parsed = parseField(values[field.column] ?? '', field, columns.get(field.column));
      // parseField gives JSON scalars (digit strings, numbers, ISO dates, text).
      if (parsed.ok && parsed.value !== undefined) row[field.column] = parsed.value as CellRow[string];
    }
    const changes = [{ op: 'insert' as const, values: row }];
    setBusy(true);
    try {
      if (submitMode === 'approve') {
        const result = await submitForApproval(app.name, spec.table, { changes });
        if (result.status === 'applied') {
          reportChange(spec.table, [keyOf(row, table.key)], result.changesetId ?? '');
          setOutcome({ kind: 'saved', text: 'Saved (no approval needed).' });
        } else {
          setOutcome({
            kind: 'submitted',
            requestId: result.requestId,
            text: `Submitted for approval: ${routeLabel(result.route)} (amount ${formatAmount(result.amount)})`,
          });
        }
      } else {
        const result = await submitChangeset(app.name, spec.table, { changes });
        reportChange(spec.table, [keyOf(row, table.key)], result.changesetId ?? '');
        setOutcome({ kind: 'saved', text: 'Saved' });
      }
      setValues({});
      announceApprovalsChanged();
    } catch (err) {
      const { byColumn, general } = fieldErrors(toApiErrorLike(err), spec.fields);
      setProblems(byColumn);
      setOutcome({ kind: 'refused', messages: general.length ? general : ['Some values need fixing: see the fields above.'] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <BlockFrame spec={spec} className="block-form">
      <form className="form-block" onSubmit={submit} noValidate data-testid={`form-${spec.id}`}>
        {spec.fields.map((field) => (
          <FormField
            key={field.column}
            field={field}
            column={columns.get(field.column)}
            value={values[field.column] ?? ''}
            problems={problems[field.column]}
            onChange={(text) => setValues((prev) => ({ ...prev, [field.column]: text }))}
            onLeave={(text) =>
              setProblems((prev) => {
                const problem = text.trim() === '' ? null : checkField(text, field, columns.get(field.column));
                const next = { ...prev };
                if (problem) next[field.column] = [problem];
                else delete next[field.column];
                return next;
              })
            }
          />
        ))}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !allowed} data-testid={`form-submit-${spec.id}`}>
            {busy ? <Spinner small /> : null}
            {spec.submitLabel ?? (submitMode === 'approve' ? 'Submit for approval' : 'Save')}
          </button>
          {!allowed ? <span className="field-hint">You may not add rows to {table.title ?? spec.table}.</span> : null}
        </div>
        {outcome ? <FormOutcome outcome={outcome} /> : null}
      </form>
    </BlockFrame>
  );
}

function FormOutcome({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'refused') {
    return (
      <div className="form-outcome form-outcome-refused" role="alert" data-testid="form-outcome" data-outcome="refused">
        {outcome.messages.map((m, i) => (
          <p key={i}>{m}</p>
        ))}
      </div>
    );
  }
  return (
    <div
      className="form-outcome form-outcome-ok"
      role="status"
      data-testid="form-outcome"
      data-outcome={outcome.kind}
      data-request-id={outcome.kind === 'submitted' ? outcome.requestId : undefined}
    >
      {outcome.text}
      {outcome.kind === 'submitted' ? (
        <>
          {' '}
          · <a href={`#/~approvals/${outcome.requestId}`}>follow it</a>
        </>
      ) : null}
    </div>
  );
}

interface FormFieldProps {
  field: FormFieldSpec;
  column: ColumnInfo | undefined;
  value: string;
  problems: string[] | undefined;
  onChange: (text: string) => void;
  /** The person left the field: check what they typed. */
  onLeave: (text: string) => void;
}

const PLACEHOLDERS: Partial<Record<string, string>> = { date: 'YYYY-MM-DD', number: 'e.g. 150,000' };
const GENERATED_PLACEHOLDER = 'Assigned when saved';

function FormField({ field, column, value, problems, onChange, onLeave }: FormFieldProps) {
  const kind = inputKind(field, column);
  const required = column ? !column.nullable && !column.generated : false;
  const errorId = `form-error-${field.column}`;
  const common = {
    name: field.column,
    value,
    'aria-invalid': problems?.length ? true : undefined,
    'aria-describedby': problems?.length ? errorId : undefined,
    'data-testid': `form-field-${field.column}`,
  };
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: every branch below renders the field's control inside this label
    <label className="field">
      <span className="field-label">
        {field.label ?? humanize(field.column)}
        {required ? (
          <span className="field-required" title="Required">
            {' '}
            *
          </span>
        ) : null}
      </span>
      {kind === 'select' && field.dataset ? (
        <OptionsSelect field={field} dataset={field.dataset} {...common} onChange={onChange} />
      ) : (
        <input
          {...common}
          // Dates are typed as the grid shows them (ISO), not in the browser's locale; months get a month picker.
          type={kind === 'month' ? 'month' : 'text'}
          inputMode={kind === 'number' ? 'decimal' : undefined}
          placeholder={column?.generated ? GENERATED_PLACEHOLDER : PLACEHOLDERS[kind]}
          onChange={(e) => onChange(e.target.value)}
          onBlur={(e) => onLeave(e.target.value)}
        />
      )}
      {problems?.length ? (
        <span className="field-error" role="alert" id={errorId}>
          {problems.join('; ')}
        </span>
      ) : null}
    </label>
  );
}

type SelectProps = { field: FormFieldSpec; dataset: string; name: string; value: string; onChange: (text: string) => void } & Record<string, unknown>;

function OptionsSelect({ field, dataset, value, onChange, ...rest }: SelectProps) {
  const query = useDataset(dataset);
  const rows = query.data?.rows ?? [];
  const valueColumn = field.valueColumn ?? query.data?.columns[0]?.name ?? field.column;
  const labelColumn = field.labelColumn ?? valueColumn;
  return (
    <select {...rest} value={value} disabled={query.loading} onChange={(e) => onChange(e.target.value)}>
      <option value="">{query.error ? 'Options could not be loaded' : 'Choose…'}</option>
      {rows.map((row, i) => (
        <option key={i} value={String(row[valueColumn] ?? '')}>
          {String(row[labelColumn] ?? row[valueColumn] ?? '')}
        </option>
      ))}
    </select>
  );
}
