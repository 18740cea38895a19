import { Spinner } from '../ui/spinner';
import type { CellFeedback, WriteStatus } from './use-cell-writes';

interface GridStatusProps {
  status: WriteStatus;
  cells: ReadonlyMap<string, CellFeedback>;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
}

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The grid's write status where the eye is (its header): "Saving 3 cells…", "Saved 3 cells · 12:04", what is not saved. */
export function GridStatus({ status, cells, canUndo, canRedo, onUndo, onRedo }: GridStatusProps) {
  let unsaved = 0;
  let conflicts = 0;
  for (const state of cells.values()) {
    if (state.status === 'error') unsaved += 1;
    if (state.status === 'conflict') conflicts += 1;
  }
  const state = status.saving > 0 ? 'saving' : conflicts ? 'conflict' : unsaved ? 'error' : status.last ? 'saved' : 'idle';
  return (
    <div className="grid-status-line">
      <span className={`grid-status grid-status-${state}`} role="status" data-testid="grid-status" data-state={state}>
        {state === 'saving' ? (
          <>
            <Spinner small />
            {status.large ? `${status.large.label}: saving ${plural(status.large.cells, 'cell')}…` : `Saving ${plural(status.saving, 'cell')}…`}
          </>
        ) : null}
        {state === 'conflict' ? `${plural(conflicts, 'cell')} in conflict: choose at the cell` : null}
        {state === 'error' ? `${plural(unsaved, 'cell')} not saved` : null}
        {state === 'saved' && status.last ? (
          <>
            <span aria-hidden="true">✓</span>
            {status.last.label === 'Edit' ? 'Saved' : status.last.label} {plural(status.last.cells, 'cell')} · {TIME.format(status.last.at)}
          </>
        ) : null}
      </span>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        onClick={onUndo}
        disabled={!canUndo}
        title="Undo (Ctrl+Z)"
        aria-label="Undo"
        data-testid="grid-undo"
      >
        ↶
      </button>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        onClick={onRedo}
        disabled={!canRedo}
        title="Redo (Ctrl+Shift+Z)"
        aria-label="Redo"
        data-testid="grid-redo"
      >
        ↷
      </button>
    </div>
  );
}
