import type { ResolvedRule, ResolvedTable } from '../app-model/index.js';
import { buildLockGuard, buildRowPredicate, locksFor } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import { ident, join, nullSafeEquals, raw, returningRows, sql, table as tableRef, type SqlFragment } from '../warehouse/sql.js';
import type { ChangeGroup } from './group-changes.js';
import { buildRuleGuard } from './rule-guards.js';
import { type StagedGroup, staged, stagedColumn, TARGET, targetColumn } from './stage-group.js';

/**
 * The ONE statement that applies a group of changes, with every guard inside
 * it: the key, the values each user saw (null-safe equality), the row
 * policy on the row before and after. Rows that fail a guard are simply not
 * matched; the statement returns the rows it wrote (deleted rows as they
 * were), so fewer rows than changes means some guard failed and
 * `buildGroupDiagnosis` tells which. Pure.
 */
export function buildGroupStatement(
  table: ResolvedTable,
  principal: Principal,
  group: ChangeGroup,
  stage: StagedGroup,
  rules: readonly ResolvedRule[],
): SqlFragment {
  const target = sql`${tableRef(table.qualifiedName)} AS ${ident(TARGET)}`;
  const locks = locksFor(table, principal);
  const returning = join(
    table.columns.map((c) => targetColumn(c.name)),
    ', ',
  );
  if (group.op === 'insert') {
    const columns = group.written;
    const values = join(
      columns.map((c) => stagedColumn(staged.value(c))),
      ', ',
    );
    const insertedValue = (c: string) => (columns.includes(c) ? stagedColumn(staged.value(c)) : typedNull(table, c));
    const allowed = buildRowPredicate(group.rowPolicies, principal, insertedValue);
    const checked = buildRuleGuard(rules, table, principal, insertedValue, (c) => typedNull(table, c));
    const unlocked = locks.length ? sql` AND ${buildLockGuard(locks, insertedValue)}` : raw('');
    return sql`INSERT INTO ${tableRef(table.qualifiedName)} (${join(columns.map(ident), ', ')}) SELECT ${values} FROM ${stage.relation} WHERE COALESCE(${allowed}, FALSE) AND ${checked}${unlocked}${returningRows(
      join(
        table.columns.map((c) => ident(c.name)),
        ', ',
      ),
    )}`;
  }
  const guards = [
    ...keyMatch(table),
    ...(stage.keyFilter ? [stage.keyFilter] : []),
    ...expectedValues(group, stage),
    sql`COALESCE(${buildRowPredicate(group.rowPolicies, principal, targetColumn)}, FALSE)`,
    ...(locks.length ? [buildLockGuard(locks, targetColumn)] : []),
  ];
  if (group.op === 'delete') return sql`DELETE FROM ${target} USING ${stage.relation} WHERE ${join(guards, ' AND ')}${returningRows(returning)}`;
  guards.push(sql`COALESCE(${buildRowPredicate(group.rowPolicies, principal, newValue(group, stage))}, FALSE)`);
  // The row after the change needs its own lock check only where the change writes a column a lock matches on.
  const movable = locks.filter((lock) => lock.match.some((m) => group.written.includes(m.rowColumn)));
  if (movable.length) guards.push(buildLockGuard(movable, newValue(group, stage)));
  if (rules.length) guards.push(buildRuleGuard(rules, table, principal, newValue(group, stage), targetColumn));
  const assignments = group.written.map((c) => sql`${ident(c)} = ${newValue(group, stage)(c)}`);
  return sql`UPDATE ${target} SET ${join(assignments, ', ')} FROM ${stage.relation} WHERE ${join(guards, ' AND ')}${returningRows(returning)}`;
}

/** Diagnosis column names. */
export const diagnosis = {
  found: 'found',
  readable: 'readable',
  oldAllowed: 'old_allowed',
  newAllowed: 'new_allowed',
  unlockedOld: 'unlocked_old',
  unlockedNew: 'unlocked_new',
  actual: (column: string) => `a:${column}`,
  current: (column: string) => `r:${column}`,
};

/**
 * Explains, per staged change of an update or delete group, why its guards
 * failed, in ONE query: whether a row has the key, whether the user may read
 * it (`readPolicies`), whether the row policy holds before and after, and the
 * current value of every expected column. Runs only after the group's
 * statement matched fewer rows than it had changes. Pure.
 */
export function buildGroupDiagnosis(
  table: ResolvedTable,
  principal: Principal,
  group: ChangeGroup,
  stage: StagedGroup,
  readPolicies: readonly ChangeGroup['rowPolicies'][number][] | null,
): SqlFragment {
  const readable = readPolicies === null ? raw('FALSE') : sql`COALESCE(${buildRowPredicate(readPolicies, principal, targetColumn)}, FALSE)`;
  const oldOk = sql`COALESCE(${buildRowPredicate(group.rowPolicies, principal, targetColumn)}, FALSE)`;
  const newOk = group.op === 'update' ? sql`COALESCE(${buildRowPredicate(group.rowPolicies, principal, newValue(group, stage))}, FALSE)` : raw('TRUE');
  const locks = locksFor(table, principal);
  const unlockedOld = locks.length ? buildLockGuard(locks, targetColumn) : raw('TRUE');
  const movable = group.op === 'update' ? locks.filter((lock) => lock.match.some((m) => group.written.includes(m.rowColumn))) : [];
  const unlockedNew = movable.length ? buildLockGuard(movable, newValue(group, stage)) : raw('TRUE');
  const actual = group.expected.map((c) => sql`, CAST(${targetColumn(c)} AS VARCHAR) AS ${ident(diagnosis.actual(c))}`);
  const current = table.columns.map((c) => sql`, ${targetColumn(c.name)} AS ${ident(diagnosis.current(c.name))}`);
  return sql`SELECT ${stagedColumn(staged.index)} AS ${ident(staged.index)}, ${targetColumn(table.key[0]!)} IS NOT NULL AS ${ident(diagnosis.found)},
    ${readable} AS ${ident(diagnosis.readable)}, ${oldOk} AS ${ident(diagnosis.oldAllowed)}, ${newOk} AS ${ident(diagnosis.newAllowed)},
    ${unlockedOld} AS ${ident(diagnosis.unlockedOld)}, ${unlockedNew} AS ${ident(diagnosis.unlockedNew)}${join(actual, '')}${join(current, '')}
    FROM ${stage.relation} LEFT JOIN ${tableRef(table.qualifiedName)} AS ${ident(TARGET)} ON ${join(keyMatch(table), ' AND ')}`;
}

/** The staged inserts whose new row fails the row policy or a lock, with which (`new_allowed`, `unlocked_new`). Pure. */
export function buildInsertDiagnosis(table: ResolvedTable, principal: Principal, group: ChangeGroup, stage: StagedGroup): SqlFragment {
  const insertedValue = (c: string) => (group.written.includes(c) ? stagedColumn(staged.value(c)) : typedNull(table, c));
  const allowed = sql`COALESCE(${buildRowPredicate(group.rowPolicies, principal, insertedValue)}, FALSE)`;
  const locks = locksFor(table, principal);
  const unlocked = locks.length ? buildLockGuard(locks, insertedValue) : raw('TRUE');
  return sql`SELECT ${stagedColumn(staged.index)} AS ${ident(staged.index)}, ${allowed} AS ${ident(diagnosis.newAllowed)}, ${unlocked} AS ${ident(diagnosis.unlockedNew)}
    FROM ${stage.relation} WHERE NOT (${allowed} AND ${unlocked})`;
}

/** The staged inserts whose key a row already has (after the warehouse refused a duplicate key). Pure. */
export function buildExistingKeys(table: ResolvedTable, stage: StagedGroup): SqlFragment {
  const match = table.key.map((k) => sql`${targetColumn(k)} = ${stagedColumn(staged.value(k))}`);
  return sql`SELECT ${stagedColumn(staged.index)} AS ${ident(staged.index)} FROM ${stage.relation} JOIN ${tableRef(table.qualifiedName)} AS ${ident(TARGET)} ON ${join(match, ' AND ')}`;
}

/** NULL of a column's type, so that a bound value compared with it still has a type to take. */
function typedNull(table: ResolvedTable, column: string): SqlFragment {
  const type = table.columnByName.get(column)?.type;
  return type ? sql`CAST(NULL AS ${raw(type.sql)})` : raw('NULL');
}

function keyMatch(table: ResolvedTable): SqlFragment[] {
  return table.key.map((k) => sql`${targetColumn(k)} = ${stagedColumn(staged.key(k))}`);
}

/** Each expected column equals what the user saw, for the changes that compare it. */
function expectedValues(group: ChangeGroup, stage: StagedGroup): SqlFragment[] {
  return group.expected.map((c) => {
    const same = nullSafeEquals(targetColumn(c), stagedColumn(staged.expected(c)));
    return stage.partlyExpected.has(c) ? sql`(NOT ${stagedColumn(staged.expects(c))} OR ${same})` : same;
  });
}

/** The value a column has after the update: the staged one where the change writes it, else the stored one. */
function newValue(group: ChangeGroup, stage: StagedGroup): (column: string) => SqlFragment {
  return (column) => {
    if (!group.written.includes(column)) return targetColumn(column);
    const value = stagedColumn(staged.value(column));
    return stage.partlyWritten.has(column) ? sql`CASE WHEN ${stagedColumn(staged.writes(column))} THEN ${value} ELSE ${targetColumn(column)} END` : value;
  };
}
