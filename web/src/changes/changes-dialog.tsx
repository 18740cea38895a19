import { useState, type FormEvent } from 'react';
import { fetchTableDiff } from '../api/audit-endpoints';
import type { TableInfo } from '../api/types';
import { usePage } from '../apps/page-context';
import { fromLocalInput, hoursAgo, toLocalInput } from '../time-travel/local-time';
import { Dialog } from '../ui/dialog';
import { ErrorBanner } from '../ui/error-banner';
import { formatDateTime } from '../ui/format';
import { Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { summarizeDiff } from './diff-summary';
import { DiffTable } from './diff-table';

const PRESETS = [
  { label: 'Last hour', hours: 1 },
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 24 * 7 },
];

interface Range {
  from: string;
  to: string;
}

function lastHours(hours: number): Range {
  const now = new Date();
  return { from: hoursAgo(hours, now).toISOString(), to: now.toISOString() };
}

/** What changed in a table between two times, row by row, from the audit. */
export function ChangesDialog({ table, info, onClose }: { table: string; info: TableInfo; onClose: () => void }) {
  const { app } = usePage();
  const title = info.title ?? table;
  const [range, setRange] = useState<Range>(() => lastHours(24));
  const [draft, setDraft] = useState(() => ({ from: toLocalInput(new Date(range.from)), to: toLocalInput(new Date(range.to)) }));
  const diff = useLoad((signal) => fetchTableDiff(app.name, table, range.from, range.to, signal), [app.name, table, range.from, range.to]);

  const choose = (next: Range) => {
    setRange(next);
    setDraft({ from: toLocalInput(new Date(next.from)), to: toLocalInput(new Date(next.to)) });
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const from = fromLocalInput(draft.from);
    const to = fromLocalInput(draft.to);
    if (from && to) setRange({ from, to });
  };
  const invalid = !fromLocalInput(draft.from) || !fromLocalInput(draft.to) || draft.from > draft.to;

  return (
    <Dialog title={`Changes to ${title.toLowerCase()}`} onClose={onClose} wide testId="changes-dialog">
      <form className="range-form" onSubmit={apply}>
        <label className="field field-inline">
          <span>From</span>
          <input type="datetime-local" step={1} name="from" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
        </label>
        <label className="field field-inline">
          <span>To</span>
          <input type="datetime-local" step={1} name="to" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
        </label>
        <button type="submit" className="btn btn-primary btn-small" disabled={invalid}>
          Show changes
        </button>
        <div className="range-presets">
          {PRESETS.map((preset) => (
            <button key={preset.hours} type="button" className="btn btn-small" onClick={() => choose(lastHours(preset.hours))}>
              {preset.label}
            </button>
          ))}
        </div>
      </form>
      <p className="muted small">
        {formatDateTime(range.from)} → {formatDateTime(range.to)}. Net changes from Roundtrip's audit: a value changed and changed back does not show.
      </p>
      {diff.loading ? <Skeleton lines={5} /> : null}
      {diff.error ? <ErrorBanner error={diff.error} onRetry={diff.retry} /> : null}
      {diff.value && !diff.loading ? (
        <>
          <p className="diff-summary" data-testid="diff-summary">
            {summarizeDiff(diff.value.rows)}
          </p>
          {diff.value.rows.length ? <DiffTable rows={diff.value.rows} columns={info.columns} keyColumns={info.key} /> : null}
        </>
      ) : null}
    </Dialog>
  );
}
