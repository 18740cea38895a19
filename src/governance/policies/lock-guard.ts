import type { ResolvedLock, ResolvedTable } from '../../app-model/index.js';
import { ALWAYS, definitely, ident, join, sql, table as tableRef, tupleIn, type SqlFragment } from '../../warehouse/sql.js';
import { hasAnyRole, type Principal } from '../principal.js';

/** The table's locks that hold for this principal (exempt roles skip a lock). */
export function locksFor(table: ResolvedTable, principal: Principal): ResolvedLock[] {
  return table.locks.filter((lock) => !hasAnyRole(principal, lock.exemptRoles));
}

/**
 * The SQL predicate "no lock row matches this row": per lock, the row's
 * columns (rendered by `rowField`: the target's column, or a bound new value)
 * are not among the lock table's rows, so a write statement refuses locked
 * rows itself, before and after the change. TRUE when no lock holds for the
 * principal. An uncorrelated `IN` (not `NOT EXISTS`), which every engine
 * runs, also against staged values; a NULL never matches, as with `=`.
 */
export function buildLockGuard(locks: readonly ResolvedLock[], rowField: (column: string) => SqlFragment): SqlFragment {
  if (locks.length === 0) return ALWAYS;
  const parts = locks.map((lock) => {
    const row = lock.match.map((m) => rowField(m.rowColumn));
    const columns = lock.match.map((m) => ident(m.lockColumn));
    const present = join(
      columns.map((c) => sql`${c} IS NOT NULL`),
      ' AND ',
    );
    return sql`NOT ${definitely(tupleIn(row, sql`SELECT ${join(columns, ', ')} FROM ${tableRef(lock.qualifiedName)} WHERE ${present}`))}`;
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
