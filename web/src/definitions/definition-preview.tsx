import type { DefinitionIssue, DefinitionPreview } from '../api/definition-types';
import { routeLabel } from '../approvals/level-names';
import { formatNumber } from '../ui/format';

/** Where a sample submission would go, the issues, and the change to the file line by line. */
export function DefinitionPreviewPanel({ preview }: { preview: DefinitionPreview }) {
  const { routing } = preview;
  return (
    <div className="definition-preview" data-testid="definition-preview">
      {routing ? (
        <p className="route-sentence" data-testid="preview-route">
          A submission of {formatNumber(routing.amount)} would{' '}
          {routing.route.length ? (
            <>
              route to: <strong>{routeLabel(routing.route)}</strong>
            </>
          ) : (
            'need no approval'
          )}
          {routing.route.join() !== routing.before.join() ? (
            <span className="muted"> (now: {routing.before.length ? routeLabel(routing.before) : 'no approval'})</span>
          ) : null}
        </p>
      ) : null}
      <IssueList issues={preview.issues} />
      {preview.diff ? <YamlDiff diff={preview.diff} /> : <p className="muted">No change to the file.</p>}
    </div>
  );
}

export function IssueList({ issues }: { issues: DefinitionIssue[] }) {
  if (!issues.length) return null;
  return (
    <ul className="definition-issues" role="alert" data-testid="preview-issues">
      {issues.map((issue, i) => (
        <li key={i}>
          {issue.line !== null ? <span className="issue-line">line {issue.line}</span> : null} {issue.path ? <code>{issue.path}</code> : null} {issue.message}
        </li>
      ))}
    </ul>
  );
}

function YamlDiff({ diff }: { diff: string }) {
  return (
    <pre className="yaml-diff" data-testid="preview-diff">
      {diff.split('\n').map((line, i) => (
        <div key={i} className={line.startsWith('@@') ? 'diff-hunk' : line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : 'diff-same'}>
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}
