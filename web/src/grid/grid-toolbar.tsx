import type { ReactNode } from 'react';
import { Spinner } from '../ui/spinner';

interface GridToolbarProps {
  total: number;
  loading: boolean;
  /** Shown as a badge when the grid cannot be edited ("Read-only", "As of …", "Preview"). */
  readOnlyLabel: string | null;
  onRefresh: () => void;
  /** Opens the table's changes between two times; absent when a read policy limits the user's rows. */
  onShowChanges?: () => void;
  /** Export and import controls, after the others. */
  children?: ReactNode;
}

export function GridToolbar({ total, loading, readOnlyLabel, onRefresh, onShowChanges, children }: GridToolbarProps) {
  return (
    <div className="grid-toolbar">
      {readOnlyLabel ? (
        <span className="badge" data-testid="grid-read-only">
          {readOnlyLabel}
        </span>
      ) : null}
      <span className="grid-count" data-testid="grid-row-count">
        {total.toLocaleString('en-US')} {total === 1 ? 'row' : 'rows'}
      </span>
      <button type="button" className="btn btn-small" onClick={onRefresh} disabled={loading} aria-label="Refresh">
        {loading ? <Spinner small /> : <span aria-hidden="true">↻</span>}
        <span>Refresh</span>
      </button>
      {onShowChanges ? (
        <button type="button" className="btn btn-small" onClick={onShowChanges} data-testid="grid-changes">
          <span aria-hidden="true">±</span>
          <span>Changes</span>
        </button>
      ) : null}
      {children}
    </div>
  );
}
