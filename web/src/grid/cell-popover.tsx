import type { CSSProperties } from 'react';
import { formatDateTime } from '../ui/format';
import type { CellFeedback } from './use-cell-writes';

interface CellPopoverProps {
  feedback: CellFeedback;
  /** Where the cell is, in the stage's pixels: the popover opens under it. */
  position: { left: number; top: number };
  /** "line 12 · Amount". */
  label: string;
  format: (value: unknown) => string;
  onResolve: (groupId: string, choice: 'theirs' | 'mine') => void;
  onDismiss: () => void;
}

/** A cell's write problem next to the cell: why it was refused, or whose value to keep. */
export function CellPopover({ feedback, position, label, format, onResolve, onDismiss }: CellPopoverProps) {
  const style: CSSProperties = { left: position.left, top: position.top };
  const conflict = feedback.conflict;
  return (
    <div
      className={`cell-popover cell-popover-${feedback.status}`}
      style={style}
      role="dialog"
      aria-label={label}
      data-testid="cell-popover"
      data-status={feedback.status}
    >
      <p className="cell-popover-label">{label}</p>
      {feedback.status === 'conflict' && conflict ? (
        <>
          <p>
            Changed by <strong>{conflict.changedBy ?? 'someone else'}</strong> to <strong>{format(conflict.theirs)}</strong>
            {conflict.changedAt ? <span className="muted"> · {formatDateTime(conflict.changedAt)}</span> : null} while you edited it.
          </p>
          <div className="cell-popover-actions">
            <button type="button" className="btn btn-small" onClick={() => onResolve(conflict.groupId, 'theirs')} data-testid="conflict-theirs">
              Keep theirs · {format(conflict.theirs)}
            </button>
            <button type="button" className="btn btn-small btn-primary" onClick={() => onResolve(conflict.groupId, 'mine')} data-testid="conflict-mine">
              Use mine · {format(feedback.value)}
            </button>
          </div>
        </>
      ) : (
        <div className="cell-popover-row">
          <p>
            {feedback.message}
            {feedback.status === 'error' ? <span className="cell-popover-attempt"> Not saved: {format(feedback.value)}.</span> : null}
          </p>
          {feedback.status === 'error' ? (
            <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label="Dismiss" data-testid="cell-dismiss">
              ×
            </button>
          ) : null}
        </div>
      )}
    </div>
  );
}
