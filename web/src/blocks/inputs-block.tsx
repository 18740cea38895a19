import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { toApiErrorLike } from '../api/client';
import { submitChangeset } from '../api/endpoints';
import type { InputsBlockSpec, Row } from '../api/types';
import { usePage } from '../apps/page-context';
import { formatNumber, humanize } from '../ui/format';
import { BlockBody, BlockFrame } from './block-frame';
import { useDataset } from './use-dataset';

type Field = InputsBlockSpec['fields'][number];
type Draft = Record<string, string | number>;
type Scalar = string | number | boolean | null;

/** Quiet time after the last input before the changes are written: one changeset for a slider's whole drag. */
const SETTLE_MS = 120;

/**
 * An input panel bound to one row of a writable table (the row the page's variables name, e.g. the
 * chosen scenario): sliders, number inputs and dropdowns. Changes are written through the write
 * pipeline as one changeset once the person pauses, expecting the values the panel showed; datasets
 * that read the table then recompute for everyone looking. A refused value says why and snaps back.
 */
export function InputsBlock({ spec }: { spec: InputsBlockSpec }) {
  const { app, variables } = usePage();
  const key = useMemo(
    () => Object.fromEntries(Object.entries(spec.row).map(([column, variable]) => [column, variables[variable] ?? null])),
    [spec.row, variables],
  );
  const chosen = Object.values(key).every((v) => v !== null && v !== '');
  const request = useMemo(
    () => ({
      filters: Object.entries(key).map(([column, value]) => ({ column, op: 'eq' as const, value: value as string | number })),
      limit: 1,
      withEditable: true,
    }),
    [key],
  );
  const query = useDataset(spec.table, request, { skip: !chosen });
  const row = query.data?.rows[0] ?? null;
  const editable = new Set(query.data?.editable?.[0] ?? []);

  const [draft, setDraft] = useState<Draft>({});
  const [status, setStatus] = useState<{ kind: 'saving' | 'saved' | 'refused'; text: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Writes go one after another; each expects the values the one before left (or the row as last read).
  const queue = useRef<Promise<void>>(Promise.resolve());
  const known = useRef<Row | null>(null);
  const rowId = JSON.stringify(key);

  // Another row chosen: drop what was typed for the previous one.
  useEffect(() => {
    setDraft({});
    setStatus(null);
  }, [rowId]);
  // A fresh read of the row (after a write, or someone else's change) is what the next write expects.
  useEffect(() => {
    known.current = row;
  }, [row]);

  const save = async (changes: Draft, base: Row) => {
    const set: Record<string, Scalar> = {};
    const expect: Record<string, Scalar> = {};
    for (const [column, value] of Object.entries(changes)) {
      set[column] = value === '' ? null : value;
      expect[column] = (base[column] ?? null) as Scalar;
    }
    setStatus({ kind: 'saving', text: 'Saving…' });
    try {
      const result = await submitChangeset(app.name, spec.table, { changes: [{ op: 'update', key: key as Record<string, Scalar>, set, expect }] });
      known.current = { ...base, ...set };
      setStatus({ kind: 'saved', text: result.applied ? 'Saved' : 'No change' });
    } catch (err) {
      const error = toApiErrorLike(err);
      known.current = null;
      setDraft((prev) => Object.fromEntries(Object.entries(prev).filter(([column]) => !(column in changes))));
      setStatus({ kind: 'refused', text: error.message });
      query.reload();
    }
  };

  const latest = useRef<Draft>({});
  latest.current = draft;
  const change = (column: string, value: string | number) => {
    if (!row) return;
    setDraft((prev) => ({ ...prev, [column]: value }));
    latest.current = { ...latest.current, [column]: value };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      queue.current = queue.current.then(() => {
        const base = known.current ?? row;
        const changes = Object.fromEntries(Object.entries(latest.current).filter(([c, v]) => String(base[c] ?? '') !== String(v)));
        return Object.keys(changes).length ? save(changes, base) : undefined;
      });
    }, SETTLE_MS);
  };

  // Once the table shows what was written, the draft has nothing more to say.
  useEffect(() => {
    if (!row || timer.current) return;
    setDraft((prev) => {
      const left = Object.fromEntries(Object.entries(prev).filter(([c, v]) => String(row[c] ?? '') !== String(v)));
      return Object.keys(left).length === Object.keys(prev).length ? prev : left;
    });
  }, [row]);

  return (
    <BlockFrame spec={spec} dataset={spec.table} refreshing={query.refreshing}>
      {!chosen ? (
        <p className="muted">Choose a row above to edit it here.</p>
      ) : (
        <BlockBody loading={query.loading} error={query.error} onRetry={query.reload} skeletonHeight={spec.fields.length * 44}>
          {() =>
            row ? (
              <div className="inputs-panel" data-testid={`inputs-${spec.id}`}>
                {spec.fields.map((field) => (
                  <InputField
                    key={field.column}
                    field={field}
                    value={field.column in draft ? draft[field.column]! : ((row[field.column] as string | number | null) ?? '')}
                    disabled={!editable.has(field.column)}
                    onChange={(v) => change(field.column, v)}
                  />
                ))}
                {status ? (
                  <p
                    className={`inputs-status inputs-${status.kind}`}
                    role={status.kind === 'refused' ? 'alert' : 'status'}
                    data-testid={`inputs-status-${spec.id}`}
                  >
                    {status.text}
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="muted">This row is not there, or not yours to see.</p>
            )
          }
        </BlockBody>
      )}
    </BlockFrame>
  );
}

function InputField({
  field,
  value,
  disabled,
  onChange,
}: {
  field: Field;
  value: string | number;
  disabled: boolean;
  onChange: (value: string | number) => void;
}) {
  const id = useId();
  const label = field.label ?? humanize(field.column);
  const numeric = field.input === 'slider' || field.input === 'number';
  const read = (text: string) => (numeric ? (text === '' ? '' : Number(text)) : text);
  const common = { id, name: field.column, disabled, 'data-testid': `input-${field.column}` };
  return (
    <div className="inputs-field">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      {field.input === 'slider' ? (
        <>
          <input
            {...common}
            type="range"
            min={field.min}
            max={field.max}
            step={field.step ?? 1}
            value={value === '' ? (field.min ?? 0) : value}
            onChange={(e) => onChange(read(e.target.value))}
          />
          <output htmlFor={id} className="inputs-value" data-testid={`input-value-${field.column}`}>
            {formatNumber(value)}
            {field.unit ? ` ${field.unit}` : ''}
          </output>
        </>
      ) : field.input === 'select' ? (
        <SelectInput
          field={field}
          common={common}
          value={String(value)}
          onChange={(text) => onChange(read(typeof field.options?.[0] === 'number' ? String(Number(text)) : text))}
        />
      ) : (
        <>
          <input
            {...common}
            className="input"
            type={field.input === 'number' ? 'number' : 'text'}
            min={field.min}
            max={field.max}
            step={field.step}
            value={value}
            onChange={(e) => onChange(read(e.target.value))}
          />
          {field.unit ? <span className="inputs-unit">{field.unit}</span> : null}
        </>
      )}
    </div>
  );
}

function SelectInput({ field, common, value, onChange }: { field: Field; common: Record<string, unknown>; value: string; onChange: (text: string) => void }) {
  if (field.dataset) return <DatasetSelect dataset={field.dataset} field={field} common={common} value={value} onChange={onChange} />;
  const options = (field.options ?? []).map((o) => ({ value: String(o), label: String(o) }));
  return <OptionList options={options} common={common} value={value} onChange={onChange} />;
}

function DatasetSelect({
  dataset,
  field,
  ...rest
}: {
  dataset: string;
  field: Field;
  common: Record<string, unknown>;
  value: string;
  onChange: (text: string) => void;
}) {
  const query = useDataset(dataset);
  const valueColumn = field.valueColumn ?? query.data?.columns[0]?.name ?? field.column;
  const options = (query.data?.rows ?? []).map((row) => ({
    value: String(row[valueColumn] ?? ''),
    label: String(row[field.labelColumn ?? valueColumn] ?? ''),
  }));
  return <OptionList options={options} {...rest} />;
}

function OptionList({
  options,
  common,
  value,
  onChange,
}: {
  options: { value: string; label: string }[];
  common: Record<string, unknown>;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <select {...common} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
      {options.some((o) => o.value === value) ? null : <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
