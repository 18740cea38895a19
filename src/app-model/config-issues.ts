import { AppError } from '../errors/index.js';

/** One problem in a config file, located for the person who has to fix it. */
export interface ConfigIssue {
  file: string;
  line: number | null;
  path: string;
  message: string;
}

export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  return `${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** Many problems become one error (never a thrown array), all listed in details.issues. */
export function configError(issues: ConfigIssue[], code: 'CFG_INVALID' | 'CFG_CATALOG_MISMATCH' = 'CFG_INVALID'): AppError {
  const lines = issues.map(formatConfigIssue);
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new AppError(code, `${issues.length} configuration ${noun}:\n  ${lines.join('\n  ')}`, { issues });
}
