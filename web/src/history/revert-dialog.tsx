import { useState, type FormEvent } from 'react';
import { Dialog } from '../ui/dialog';
import { formatDateTime, shortChangesetId } from '../ui/format';
import { Spinner } from '../ui/spinner';
import type { RevertTarget } from './use-revert';

interface RevertDialogProps {
  target: RevertTarget;
  rowLabel: string;
  show: (value: unknown, column: string | null) => string;
  submitting: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

export function RevertDialog({ target, rowLabel, show, submitting, onConfirm, onCancel }: RevertDialogProps) {
  const [reason, setReason] = useState('');
  const { entry, scope } = target;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(reason);
  };

  return (
    <Dialog title={scope === 'changeset' ? 'Revert whole changeset' : 'Revert this change'} onClose={onCancel} testId="revert-dialog">
      <form className="form-stack" onSubmit={submit}>
        <p>{describe(target, rowLabel, show)}</p>
        <p className="muted small">
          Changeset <code title={entry.changesetId}>{shortChangesetId(entry.changesetId)}</code> by {entry.user}, {formatDateTime(entry.at)}. The revert is a
          new audited change; if a value was changed again since, nothing is reverted.
        </p>
        <label className="field">
          <span>Reason (optional)</span>
          <textarea name="reason" rows={2} maxLength={1900} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={submitting}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={submitting} data-testid="revert-confirm">
            {submitting ? <Spinner small label="Reverting" /> : null}
            {submitting ? 'Reverting…' : 'Revert'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function describe(target: RevertTarget, rowLabel: string, show: RevertDialogProps['show']): string {
  const { entry, scope } = target;
  if (scope === 'changeset') return `Undo every cell this changeset changed, on ${rowLabel} and on any other row it touched.`;
  if (entry.op === 'insert') return `Delete ${rowLabel} again, undoing its insertion.`;
  if (entry.op === 'delete') return `Insert ${rowLabel} again, undoing its deletion.`;
  return `Set ${entry.column ?? 'the cell'} of ${rowLabel} back from ${show(entry.new, entry.column)} to ${show(entry.old, entry.column)}.`;
}
