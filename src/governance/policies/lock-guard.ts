import type { ResolvedLock, ResolvedTable } from '../../app-model/index.js';
import { ident, join, raw, sql, table as tableRef, type SqlFragment } from '../../warehouse/sql.js';
import { hasAnyRole, type Principal } from '../principal.js';

/** Alias of the lock table inside the guard's subquery. */
const LOCK = 'rt_lock';

/** The table's locks that hold for this principal (exempt roles skip a lock). */
export function locksFor(table: ResolvedTable, principal: Principal): ResolvedLock[] {
  return table.locks.filter((lock) => !hasAnyRole(principal, lock.exemptRoles));
}

/**
 * The SQL predicate "no lock row matches this row": one NOT EXISTS per lock,
 * the row's columns rendered by `rowField` (the target's column, or a bound
 * new value), so a write statement refuses locked rows itself, before and
 * after the change. TRUE when no lock holds for the principal.
 */
export function buildLockGuard(locks: readonly ResolvedLock[], rowField: (column: string) => SqlFragment): SqlFragment {
  if (locks.length === 0) return raw('TRUE');
  const parts = locks.map((lock) => {
    const match = lock.match.map((m) => sql`${ident(LOCK)}.${ident(m.lockColumn)} = ${rowField(m.rowColumn)}`);
    return sql`NOT EXISTS (SELECT 1 FROM ${tableRef(lock.qualifiedName)} AS ${ident(LOCK)} WHERE ${join(match, ' AND ')})`;
  });
  return parts.length === 1 ? parts[0]! : sql`(${join(parts, ' AND ')})`;
}

/** The locks a row matches, read once per query: each lock's rows as match tuples (lock tables are small lists). */
export function lockTupleQuery(lock: ResolvedLock): SqlFragment {
  return sql`SELECT DISTINCT ${join(
    lock.match.map((m) => ident(m.lockColumn)),
    ', ',
  )} FROM ${tableRef(lock.qualifiedName)}`;
}

/** A row's or a lock row's values on a lock's columns, as one comparable text. */
export function lockTuple(values: readonly unknown[]): string {
  return JSON.stringify(values.map((v) => (v === null || v === undefined ? null : String(v))));
}
