import { useEffect, useState } from 'react';
import { isAbort, toApiErrorLike, type ApiError } from '../api/client';
import { fetchHistory } from '../api/endpoints';
import type { ColumnInfo, HistoryEntry, RowKey } from '../api/types';
import { usePage } from '../apps/page-context';
import { keyLabel, sameKey } from '../ui/row-keys';
import { ErrorBanner } from '../ui/error-banner';
import { formatDateTime, formatLoose, formatValue } from '../ui/format';
import { RefreshDot, Skeleton } from '../ui/spinner';

interface HistoryPanelProps {
  table: string;
  rowKey: RowKey;
  columns: ColumnInfo[];
  onClose: () => void;
}

export function HistoryPanel({ table, rowKey, columns, onClose }: HistoryPanelProps) {
  const { app, onTableChange } = usePage();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(true);
  const [tick, setTick] = useState(0);
  const keyJson = JSON.stringify(rowKey);

  useEffect(() => setEntries(null), [keyJson]);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    fetchHistory(app.name, table, JSON.parse(keyJson) as RowKey, controller.signal)
      .then((list) => {
        setEntries(list);
        setError(null);
        setBusy(false);
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        setError(toApiErrorLike(err));
        setBusy(false);
      });
    return () => controller.abort();
  }, [app.name, table, keyJson, tick]);

  useEffect(
    () =>
      onTableChange((change) => {
        if (change.table !== table && change.table !== '*') return;
        const key = JSON.parse(keyJson) as RowKey;
        if (change.keys === null || change.keys.some((k) => sameKey(k, key))) setTick((t) => t + 1);
      }),
    [onTableChange, table, keyJson],
  );

  const show = (value: unknown, column: string | null) => {
    const type = columns.find((c) => c.name === column)?.type;
    if (value === null || value === undefined || !type) return formatLoose(value);
    return formatValue(value, type);
  };

  return (
    <aside className="history-panel" data-testid="history-panel" aria-label="Change history">
      <header className="history-header">
        <div>
          <h3>History</h3>
          <p className="muted">{keyLabel(rowKey)}</p>
        </div>
        <div className="block-actions">
          <RefreshDot active={busy && entries !== null} />
          <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label="Close history">
            ×
          </button>
        </div>
      </header>
      {error ? <ErrorBanner error={error} onRetry={() => setTick((t) => t + 1)} /> : null}
      {entries === null && !error ? <Skeleton lines={4} /> : null}
      {entries && entries.length === 0 ? <p className="muted history-empty">No changes recorded for this row yet.</p> : null}
      {entries && entries.length > 0 ? (
        <ol className="history-list">
          {entries.map((entry, i) => (
            <li key={`${entry.changesetId}-${entry.column ?? ''}-${i}`} className="history-entry" data-testid="history-entry">
              <div className="history-meta">
                <span className="history-user">{entry.user}</span>
                <span aria-hidden="true"> · </span>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </div>
              <div className="history-change">
                {entry.op === 'update' || entry.column ? (
                  <>
                    <span className="history-column">{entry.column}</span>:{' '}
                    <span className="history-old">{show(entry.old, entry.column)}</span>
                    {' → '}
                    <span className="history-new">{show(entry.new, entry.column)}</span>
                  </>
                ) : (
                  <span className="history-op">{entry.op === 'insert' ? 'Row inserted' : entry.op === 'delete' ? 'Row deleted' : entry.op}</span>
                )}
              </div>
              {entry.reason ? <div className="history-reason">“{entry.reason}”</div> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </aside>
  );
}

/** Keeps the panel's space reserved so selecting a row never shifts the grid under the pointer. */
export function HistoryPlaceholder() {
  return (
    <aside className="history-panel history-panel-empty" aria-label="Change history">
      <h3>History</h3>
      <p className="muted">Select a row to see who changed what, and when.</p>
    </aside>
  );
}
