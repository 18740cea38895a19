import type { ApiError } from '../api/client';

export interface FieldIssues {
  /** Messages per form field, keyed by the first segment of the server's issue path. */
  byField: Record<string, string[]>;
  /** What no field can show: the whole error, or the issues about fields the form lacks. */
  general: Pick<ApiError, 'code' | 'message'> | null;
}

const NONE: FieldIssues = { byField: {}, general: null };

/** Places a server refusal next to the inputs it is about (`REQ_INVALID` carries `details.issues[].path`). */
export function splitIssues(error: ApiError | null, fields: readonly string[]): FieldIssues {
  if (!error) return NONE;
  if (error.code === 'USER_EXISTS' && fields.includes('username')) return { byField: { username: [error.message] }, general: null };
  const issues = (error.details as { issues?: { path?: string; message?: string }[] } | null)?.issues;
  if (error.code !== 'REQ_INVALID' || !Array.isArray(issues) || issues.length === 0) return { byField: {}, general: error };
  const byField: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = (issue.path ?? '').split('.')[0] ?? '';
    const message = issue.message ?? 'invalid';
    if (fields.includes(field)) (byField[field] ??= []).push(message);
    else rest.push(issue.path ? `${issue.path}: ${message}` : message);
  }
  return { byField, general: rest.length ? { code: error.code, message: rest.join('; ') } : null };
}

export function FieldError({ messages, id }: { messages: string[] | undefined; id?: string }) {
  if (!messages?.length) return null;
  return (
    <span className="field-error" role="alert" id={id}>
      {messages.join('; ')}
    </span>
  );
}
