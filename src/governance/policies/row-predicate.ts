import { compileToSql, type Expression } from '../../app-model/index.js';
import { join, sql, type SqlFragment, ALWAYS } from '../../warehouse/sql.js';
import { expressionUser, type Principal } from '../principal.js';

/**
 * The SQL predicate "the row satisfies at least one of these policies", with
 * `row.<column>` rendered by `rowField` (a column, or a bound new value) and
 * every user value bound. No policies: TRUE.
 */
export function buildRowPredicate(policies: readonly Expression[], principal: Principal, rowField: (column: string) => SqlFragment): SqlFragment {
  if (policies.length === 0) return ALWAYS;
  const values = { user: expressionUser(principal) };
  const parts = policies.map((p) => compileToSql(p.ast, { rowField, values }));
  return parts.length === 1 ? parts[0]! : sql`(${join(parts, ' OR ')})`;
}
