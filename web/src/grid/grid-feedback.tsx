import type { ColumnInfo } from '../api/types';
import { ErrorBanner } from '../ui/error-banner';
import { formatColumnValue, formatDateTime, formatLoose } from '../ui/format';
import { keyLabel } from '../ui/row-keys';
import type { GridEdits } from './use-grid-edits';

interface GridFeedbackProps {
  edits: GridEdits;
  columns: ColumnInfo[];
  keyColumns: string[];
}

export function GridFeedback({ edits, columns, keyColumns }: GridFeedbackProps) {
  const show = (value: unknown, column: string) => {
    const type = columns.find((c) => c.name === column)?.type ?? '';
    const text = value === null || value === undefined ? '' : formatColumnValue(value, { name: column, type }, keyColumns);
    return text === '' ? formatLoose(value) : text;
  };

  return (
    <div className="grid-feedback">
      {edits.failure ? <ErrorBanner error={edits.failure} onDismiss={edits.dismissFailure} /> : null}

      {edits.conflicts.map((group) => (
        <div key={group.id} className="conflict-bar" role="alert" data-testid="conflict-bar">
          <div className="conflict-text">
            {group.conflicts.map((c, i) => {
              const key = group.changes[c.changeIndex]?.key ?? c.key;
              return (
                <p key={i}>
                  <strong>{keyLabel(key)}</strong> · {c.column} was changed by <strong>{c.changedBy ?? 'someone else'}</strong> to{' '}
                  <strong>{show(c.actual, c.column)}</strong>
                  {c.changedAt ? <span className="muted"> ({formatDateTime(c.changedAt)})</span> : null}
                  <span className="muted"> — yours: {show(group.changes[c.changeIndex]?.set[c.column], c.column)}</span>
                </p>
              );
            })}
          </div>
          <div className="conflict-actions">
            <button type="button" className="btn btn-small btn-primary" onClick={() => edits.keepMine(group.id)}>
              Keep mine
            </button>
            <button type="button" className="btn btn-small" onClick={() => edits.takeTheirs(group.id)}>
              Take theirs
            </button>
          </div>
        </div>
      ))}

      {edits.issues.length ? (
        <ul className="issue-list" role="alert" data-testid="validation-issues">
          {edits.issues.map((issue) => (
            <li key={issue.id}>
              <span>
                <strong>{issue.key ? keyLabel(issue.key) : 'New row'}</strong>
                {issue.column ? ` · ${issue.column}` : ''}: {issue.message}
              </span>
              <button type="button" className="btn btn-small btn-ghost" aria-label="Dismiss" onClick={() => edits.dismissIssue(issue.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
