import { ErrorBanner } from '../ui/error-banner';
import { shortChangesetId } from '../ui/format';
import type { RevertOutcome } from './use-revert';

interface RevertOutcomeProps {
  outcome: RevertOutcome;
  show: (value: unknown, column: string | null) => string;
  onDismiss: () => void;
}

export function RevertOutcomeNotice({ outcome, show, onDismiss }: RevertOutcomeProps) {
  switch (outcome.kind) {
    case 'success':
      return (
        <div className="revert-outcome revert-success" role="status" data-testid="revert-outcome" data-outcome="success">
          <span>
            Reverted {outcome.applied === 1 ? '1 change' : `${outcome.applied} changes`} with changeset{' '}
            <code title={outcome.changesetId}>{shortChangesetId(outcome.changesetId)}</code>.
          </span>
          <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      );
    case 'conflict':
      return (
        <div className="revert-outcome revert-conflict" role="alert" data-testid="revert-outcome" data-outcome="conflict">
          <div>
            {outcome.conflicts.map((c, i) => (
              <p key={i}>
                <strong>{c.column}</strong> changed since by <strong>{c.changedBy ?? 'someone else'}</strong> to <strong>{show(c.actual, c.column)}</strong> —
                nothing was reverted.
              </p>
            ))}
          </div>
          <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      );
    case 'error':
      return (
        <div data-testid="revert-outcome" data-outcome="error">
          <ErrorBanner error={{ code: outcome.error.code, message: explain(outcome.error.code, outcome.error.message) }} onDismiss={onDismiss} />
        </div>
      );
  }
}

function explain(code: string, message: string): string {
  if (code === 'GOV_PREVIEW_READ_ONLY') return 'Preview is read-only: stop previewing to revert changes.';
  if (code.startsWith('GOV_')) return `You may not revert this: ${message}`;
  return message;
}
