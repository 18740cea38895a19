import type { Expression, ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { hasAnyRole, type Principal } from '../principal.js';

/**
 * The row policies limiting what `principal` reads from `table`: an empty list
 * means all rows. Throws `GOV_FORBIDDEN_ROW` when no read policy names a role of theirs.
 */
export function readRowPolicies(table: ResolvedTable, principal: Principal): Expression[] {
  if (!table.readPolicies) return [];
  const mine = table.readPolicies.filter((p) => hasAnyRole(principal, p.roles));
  if (mine.length === 0) throw new AppError('GOV_FORBIDDEN_ROW', `You may not read rows of ${table.title}.`, { table: table.name });
  if (mine.some((p) => !p.rows)) return [];
  return mine.map((p) => p.rows!);
}
