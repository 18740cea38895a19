import type { ResolvedRule, ResolvedTable } from '../app-model/index.js';
import { buildLockGuard, buildRowPredicate, locksFor } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import { ident, join, nullSafeEquals, raw, returningRows, sql, table as tableRef, typed, type SqlFragment, definitely } from '../warehouse/sql.js';
import type { PreparedChange } from './prepare-changes.js';
import { buildRuleGuard } from './rule-guards.js';

/**
 * The one statement that applies a change. Its WHERE clause carries every
 * guard: the key, the values the user saw (null-safe equality) and the row
 * policy for the row before and after, so no read-then-check window exists.
 * Zero returned rows means a guard failed; `buildDiagnosis` tells which.
 * `updateGuard` adds a condition an update must meet (cross-field rules).
 */
export function buildChangeStatement(table: ResolvedTable, principal: Principal, change: PreparedChange, updateGuard?: SqlFragment): SqlFragment {
  const target = tableRef(table.qualifiedName);
  const returning = returningRows(
    join(
      table.columns.map((c) => ident(c.name)),
      ', ',
    ),
  );
  const value = (column: string, v: unknown) => typed(v, table.columnByName.get(column)!.type);
  if (change.op === 'insert') {
    const columns = [...change.set.keys()];
    const newRow = buildRowPredicate(change.rowPolicies, principal, (c) => (change.set.has(c) ? value(c, change.set.get(c)) : raw('NULL')));
    return sql`INSERT INTO ${target} (${join(columns.map(ident), ', ')}) SELECT ${join(
      columns.map((c) => value(c, change.set.get(c))),
      ', ',
    )} WHERE ${definitely(newRow)}${returning}`;
  }
  const guards = [
    ...table.key.map((k) => sql`${ident(k)} = ${value(k, change.key[k])}`),
    ...[...change.expect].map(([c, v]) => nullSafeEquals(ident(c), value(c, v))),
    sql`${definitely(buildRowPredicate(change.rowPolicies, principal, ident))}`,
  ];
  if (change.op === 'delete') return sql`DELETE FROM ${target} WHERE ${join(guards, ' AND ')}${returning}`;
  const newRow = buildRowPredicate(change.rowPolicies, principal, (c) => (change.set.has(c) ? value(c, change.set.get(c)) : ident(c)));
  guards.push(sql`${definitely(newRow)}`);
  if (updateGuard) guards.push(updateGuard);
  const assignments = [...change.set].map(([c, v]) => sql`${ident(c)} = ${value(c, v)}`);
  return sql`UPDATE ${target} SET ${join(assignments, ', ')} WHERE ${join(guards, ' AND ')}${returning}`;
}

/**
 * What an update must meet besides its key, the values the user saw and the
 * row policy (`buildChangeStatement`'s `updateGuard`): the cross-field rules
 * (all SQL-runnable, `rules`) on the row as the update leaves it, and the
 * locks: the row must match none before the change, nor after it where the
 * change writes a column a lock matches on. Pure.
 */
export function buildUpdateGuard(table: ResolvedTable, principal: Principal, change: PreparedChange, rules: readonly ResolvedRule[]): SqlFragment {
  const newValue = (column: string) => (change.set.has(column) ? typed(change.set.get(column), table.columnByName.get(column)!.type) : ident(column));
  const locks = locksFor(table, principal);
  const movable = locks.filter((lock) => lock.match.some((m) => change.set.has(m.rowColumn)));
  // Inside a lock's subquery a bare column name would be the lock table's own: name the target's.
  const target = ident(table.qualifiedName.split('.').at(-1)!);
  const current = (column: string) => sql`${target}.${ident(column)}`;
  const after = (column: string) => (change.set.has(column) ? newValue(column) : current(column));
  const guards = [
    buildRuleGuard(rules, table, principal, newValue, ident),
    ...(locks.length ? [buildLockGuard(locks, current)] : []),
    ...(movable.length ? [buildLockGuard(movable, after)] : []),
  ];
  return guards.length === 1 ? guards[0]! : sql`(${join(guards, ' AND ')})`;
}
