import type { ResolvedApp, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies, rowSatisfies } from '../governance/policies/index.js';
import { canOpenApp, hasAnyRole, type Principal } from '../governance/principal.js';

/** Whether `principal` may comment on `row` (a row they read) under the table's `comments` policy. */
export function mayComment(table: ResolvedTable, principal: Principal, row: Record<string, unknown>): boolean {
  const policy = table.comments;
  if (!policy || !hasAnyRole(principal, policy.roles)) return false;
  return !policy.rows || rowSatisfies([policy.rows], table, principal, row);
}

/** Whether `principal` may open `app` and read `row` of `table` (the readers of its thread). */
export function mayReadRow(app: ResolvedApp, table: ResolvedTable, principal: Principal, row: Record<string, unknown>): boolean {
  if (!canOpenApp(principal, app)) return false;
  try {
    return rowSatisfies(readRowPolicies(table, principal), table, principal, row);
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}
