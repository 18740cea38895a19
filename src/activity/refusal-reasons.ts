import { ERROR_CODES } from '../errors/codes.js';

/** What a refused write means, in the words a finance lead would use (codes not listed fall back to their summary). */
const REASONS: Record<string, string> = {
  WB_CONFLICT: 'Someone changed the value first',
  WB_VALIDATION: 'A value broke a rule',
  WB_GATE_FAILED: 'A table-wide check failed',
  WB_LOCKED: 'The period is closed',
  WB_KEY_EXISTS: 'The row already exists',
  WB_DUPLICATE_ROW: 'The same row twice in one change',
  WB_UNKNOWN_COLUMN: 'Unknown column',
  WB_INVALID_KEY: 'Incomplete or invalid row key',
  WB_EXPECT_REQUIRED: 'Sent without the value it replaces',
  WB_CHANGESET_TOO_LARGE: 'Too many changes at once',
  WB_BUSY: 'Too many changes in progress',
  ROW_NOT_FOUND: 'Row missing or not visible to the user',
  GOV_FORBIDDEN_OPERATION: 'Not allowed to add, change or delete rows here',
  GOV_FORBIDDEN_COLUMN: 'Not allowed to change that column',
  GOV_FORBIDDEN_ROW: 'Not allowed to change that row',
  GOV_WAREHOUSE_DENIED: 'Refused by the warehouse’s own permissions',
  WF_APPROVAL_REQUIRED: 'Needs approval instead of a direct change',
};

/** The reason of a code, for the activity app's SQL mapping. */
export function refusalReason(code: string): string {
  return REASONS[code] ?? (ERROR_CODES as Record<string, { summary: string }>)[code]?.summary.replace(/[.;:].*$/s, '') ?? code;
}

/** `SELECT code, reason FROM (VALUES …)` rows for every known write-refusal code (constants only, quoted). */
export function refusalReasonsValues(): string {
  const codes = Object.keys(ERROR_CODES).filter((code) => /^(WB|GOV|WF)_|^ROW_NOT_FOUND$/.test(code));
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  return codes.map((code) => `(${quote(code)}, ${quote(refusalReason(code))})`).join(',\n    ');
}
