import type { DefinitionIssue } from '../api/definition-types';

/** The preview's issues about one part of the file (path `prefix` or below), shown next to its fields. */
export function FieldIssues({ issues, prefix }: { issues: readonly DefinitionIssue[]; prefix: string }) {
  const mine = issues.filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`));
  if (!mine.length) return null;
  return (
    <ul className="field-issues" data-testid="field-issues">
      {mine.map((issue, i) => (
        <li key={i}>
          {issue.path.length > prefix.length ? <code>{issue.path.slice(prefix.length + 1)}</code> : null} {issue.message}
        </li>
      ))}
    </ul>
  );
}
