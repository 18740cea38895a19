import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { Dialog } from './dialog';
import { ErrorBanner } from './error-banner';
import { Spinner } from './spinner';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  error: ApiError | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger = false, busy, error, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Dialog title={title} onClose={onCancel} testId="confirm-dialog">
      <div className="form-stack">
        {children}
        {error ? <ErrorBanner error={error} /> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} onClick={onConfirm} disabled={busy} data-testid="confirm-action">
            {busy ? <Spinner small label="Working" /> : null}
            {confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
