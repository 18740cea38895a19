interface ChangedUnderneathProps {
  /** Who changed the cell, when the live event said so. */
  by: string | null;
  theirs: string;
  onTheirs: () => void;
  onMine: () => void;
}

/**
 * Under an open cell editor whose cell someone changed meanwhile: the new value and who wrote it,
 * and the choice. "Use theirs" drops the edit; "Keep mine" lets the edit overwrite it knowingly
 * (it then expects their value). Saving without choosing gives the conflict at the cell.
 */
export function ChangedUnderneath({ by, theirs, onTheirs, onMine }: ChangedUnderneathProps) {
  return (
    <div className="cell-editor-notice" role="alert" data-testid="editor-notice">
      <p>
        <strong>{by ?? 'Someone else'}</strong> changed this cell to <strong>{theirs}</strong> while you were typing.
      </p>
      <div className="cell-popover-actions">
        <button type="button" className="btn btn-small" onClick={onTheirs} data-testid="editor-theirs">
          Use theirs
        </button>
        <button type="button" className="btn btn-small btn-primary" onClick={onMine} data-testid="editor-mine">
          Keep mine
        </button>
      </div>
    </div>
  );
}
