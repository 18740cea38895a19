import { useEffect, useState } from 'react';
import { isAbort, toApiErrorLike, type ApiError } from '../api/client';
import { fetchHistory } from '../api/endpoints';
import type { ColumnInfo, HistoryEntry, RowKey } from '../api/types';
import { usePage } from '../apps/page-context';
import { keyLabel, sameKey } from '../ui/row-keys';
import { ErrorBanner } from '../ui/error-banner';
import { formatColumnValue, formatLoose } from '../ui/format';
import { RefreshDot, Skeleton } from '../ui/spinner';
import { HistoryEntryItem } from './history-entry';
import { RevertDialog } from './revert-dialog';
import { RevertOutcomeNotice } from './revert-outcome';
import { useRevert } from './use-revert';

interface HistoryPanelProps {
  table: string;
  rowKey: RowKey;
  columns: ColumnInfo[];
  onClose: () => void;
  /** Whether history entries offer revert actions. */
  canRevert: boolean;
  /** Why reverts are not offered, when the reason is worth telling (time travel, preview). */
  readOnlyNote?: string;
}

export function HistoryPanel({ table, rowKey, columns, onClose, canRevert, readOnlyNote }: HistoryPanelProps) {
  const { app, onTableChange } = usePage();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(true);
  const [tick, setTick] = useState(0);
  const keyJson = JSON.stringify(rowKey);
  const revert = useRevert(table, rowKey);

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
    const info = columns.find((c) => c.name === column);
    if (value === null || value === undefined || !info) return formatLoose(value);
    return formatColumnValue(value, info, Object.keys(rowKey));
  };

  const cellsPerChangeset = new Map<string, number>();
  for (const entry of entries ?? []) cellsPerChangeset.set(entry.changesetId, (cellsPerChangeset.get(entry.changesetId) ?? 0) + 1);
  const rowLabel = keyLabel(rowKey);

  return (
    <aside className="history-panel" data-testid="history-panel" aria-label="Change history">
      <header className="history-header">
        <div>
          <h3>History</h3>
          <p className="muted">{rowLabel}</p>
        </div>
        <div className="block-actions">
          <RefreshDot active={busy && entries !== null} />
          <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label="Close history">
            ×
          </button>
        </div>
      </header>
      {revert.outcome ? <RevertOutcomeNotice outcome={revert.outcome} show={show} onDismiss={revert.dismiss} /> : null}
      {error ? <ErrorBanner error={error} onRetry={() => setTick((t) => t + 1)} /> : null}
      {entries === null && !error ? <Skeleton lines={4} /> : null}
      {entries && entries.length === 0 ? <p className="muted history-empty">No changes recorded for this row yet.</p> : null}
      {entries && entries.length > 0 ? (
        <ol className="history-list">
          {entries.map((entry, i) => (
            <HistoryEntryItem
              key={`${entry.changesetId}-${entry.column ?? ''}-${i}`}
              entry={entry}
              cellsInRow={cellsPerChangeset.get(entry.changesetId) ?? 1}
              show={show}
              onRevert={canRevert ? revert.ask : undefined}
            />
          ))}
        </ol>
      ) : null}
      {!canRevert && readOnlyNote ? <p className="muted history-note">{readOnlyNote}</p> : null}
      {revert.target ? (
        <RevertDialog
          target={revert.target}
          rowLabel={rowLabel}
          show={show}
          submitting={revert.submitting}
          onConfirm={(reason) => void revert.submit(reason)}
          onCancel={revert.cancel}
        />
      ) : null}
    </aside>
  );
}

/** Keeps the panel's space reserved so selecting a row never shifts the grid under the pointer. */
export function HistoryPlaceholder({ comments = false }: { comments?: boolean }) {
  return (
    <aside className="history-panel history-panel-empty" aria-label="Change history">
      <h3>History</h3>
      <p className="muted">
        {comments ? 'Select a row to see who changed what, and when, and to read or write its comments.' : 'Select a row to see who changed what, and when.'}
      </p>
    </aside>
  );
}
