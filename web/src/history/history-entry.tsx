import { changesetHref } from '../apps/use-hash-route';
import type { HistoryEntry } from '../api/types';
import { formatDateTime, shortChangesetId } from '../ui/format';
import type { RevertTarget } from './use-revert';

interface HistoryEntryItemProps {
  entry: HistoryEntry;
  /** How many cells of this row the entry's changeset changed. */
  cellsInRow: number;
  show: (value: unknown, column: string | null) => string;
  /** Absent when the viewer may not revert here (read-only, preview, time travel). */
  onRevert?: (target: RevertTarget) => void;
}

export function HistoryEntryItem({ entry, cellsInRow, show, onRevert }: HistoryEntryItemProps) {
  const isUpdate = entry.op === 'update';
  // Reverting the whole changeset differs from reverting this entry only when it did more than this.
  const changedMore = entry.changesetRows > 1 || cellsInRow > 1;

  return (
    <li className="history-entry" data-testid="history-entry" data-changeset={entry.changesetId}>
      <div className="history-meta">
        <span className="history-user">{entry.user}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
        {entry.reverts ? (
          <a className="history-reverts" data-testid="history-reverts" href={changesetHref(entry.reverts)} title={`Reverts changeset ${entry.reverts}`}>
            reverts {shortChangesetId(entry.reverts)}
          </a>
        ) : null}
        <a className="history-open" href={changesetHref(entry.changesetId)} data-testid="history-open" title="The whole change: every row, its reason, revert">
          details
        </a>
      </div>
      <div className="history-change">
        {isUpdate || entry.column ? (
          <>
            {entry.op !== 'update' ? <span className="history-op">{entry.op === 'insert' ? 'inserted' : 'deleted'} · </span> : null}
            <span className="history-column">{entry.column}</span>: <span className="history-old">{show(entry.old, entry.column)}</span>
            {' → '}
            <span className="history-new">{show(entry.new, entry.column)}</span>
          </>
        ) : (
          <span className="history-op">{entry.op === 'insert' ? 'Row inserted' : entry.op === 'delete' ? 'Row deleted' : entry.op}</span>
        )}
      </div>
      {entry.reason ? <div className="history-reason">“{entry.reason}”</div> : null}
      {onRevert ? (
        <div className="history-actions">
          <button type="button" className="link-button" onClick={() => onRevert({ entry, scope: 'cell' })} data-testid="revert-change">
            {isUpdate ? 'Revert this change' : entry.op === 'insert' ? 'Revert this insert' : 'Revert this delete'}
          </button>
          {changedMore ? (
            <button type="button" className="link-button" onClick={() => onRevert({ entry, scope: 'changeset' })} data-testid="revert-changeset">
              Revert whole changeset
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
