import type { ResolvedRule, ResolvedTable } from '../app-model/index.js';
import { buildLockGuard, buildRowPredicate, locksFor } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import {
  byDialect,
  ident,
  join,
  nullSafeEquals,
  raw,
  returningRows,
  sql,
  table as tableRef,
  type SqlFragment,
  ALWAYS,
  NEVER,
  asText,
  definitely,
  flag as flagOf,
  holds,
} from '../warehouse/sql.js';
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
    return sql`INSERT INTO ${tableRef(table.qualifiedName)} (${join(columns.map(ident), ', ')}) SELECT ${values} FROM ${stage.relation} WHERE ${insertGuard(table, principal, group, rules)}${returningRows(
      join(
        table.columns.map((c) => ident(c.name)),
        ', ',
      ),
    )}`;
  }
  const guards = [...keyMatch(table), ...existingRowGuards(table, principal, group, stage, rules)];
  if (group.op === 'delete') return sql`DELETE FROM ${target} USING ${stage.relation} WHERE ${join(guards, ' AND ')}${returningRows(returning)}`;
  const assignments = group.written.map((c) => sql`${ident(c)} = ${newValue(group, stage)(c)}`);
  return sql`UPDATE ${target} SET ${join(assignments, ', ')} FROM ${stage.relation} WHERE ${join(guards, ' AND ')}${returningRows(returning)}`;
}

/**
 * The guards of an update or delete besides the key match: the expected
 * values, the row policy and locks on the row before and, for updates, after,
 * and the cross-field rules SQL can run.
 */
function existingRowGuards(table: ResolvedTable, principal: Principal, group: ChangeGroup, stage: StagedGroup, rules: readonly ResolvedRule[]): SqlFragment[] {
  const locks = locksFor(table, principal);
  const guards = [
    ...(stage.keyFilter ? [stage.keyFilter] : []),
    ...expectedValues(group, stage),
    sql`${definitely(buildRowPredicate(group.rowPolicies, principal, targetColumn))}`,
    ...(locks.length ? [buildLockGuard(locks, targetColumn)] : []),
  ];
  if (group.op === 'delete') return guards;
  guards.push(sql`${definitely(buildRowPredicate(group.rowPolicies, principal, newValue(group, stage)))}`);
  // The row after the change needs its own lock check only where the change writes a column a lock matches on.
  const movable = locks.filter((lock) => lock.match.some((m) => group.written.includes(m.rowColumn)));
  if (movable.length) guards.push(buildLockGuard(movable, newValue(group, stage)));
  if (rules.length) guards.push(buildRuleGuard(rules, table, principal, newValue(group, stage), targetColumn));
  return guards;
}

/** Check column names: the value a written column had before the change. */
export const checked = { old: (column: string) => `o:${column}` };

/**
 * For engines that write without a transaction (the serialized strategy):
 * the SELECT that finds, with every guard of `buildGroupStatement`, the rows
 * the group would write, each with its change index (`__i`) and the row as
 * it would be written (deleted rows as they are); updates also give the old
 * value of each written column (`o:<column>`), to undo the change with.
 * Fewer rows than changes: a guard failed, and `buildGroupDiagnosis` tells
 * which. Pure.
 */
export function buildGroupCheck(
  table: ResolvedTable,
  principal: Principal,
  group: ChangeGroup,
  stage: StagedGroup,
  rules: readonly ResolvedRule[],
): SqlFragment {
  const index = sql`${stagedColumn(staged.index)} AS ${ident(staged.index)}`;
  if (group.op === 'insert') {
    const values = table.columns.map((c) => sql`${insertedValue(group, table)(c.name)} AS ${ident(c.name)}`);
    return sql`SELECT ${index}, ${join(values, ', ')} FROM ${stage.relation} WHERE ${insertGuard(table, principal, group, rules)}`;
  }
  const target = sql`${tableRef(table.qualifiedName)} AS ${ident(TARGET)}`;
  const after = group.op === 'update' ? newValue(group, stage) : targetColumn;
  const values = table.columns.map((c) => sql`${after(c.name)} AS ${ident(c.name)}`);
  const old = group.op === 'update' ? group.written.map((c) => sql`, ${targetColumn(c)} AS ${ident(checked.old(c))}`) : [];
  const guards = existingRowGuards(table, principal, group, stage, rules);
  return sql`SELECT ${index}, ${join(values, ', ')}${join(old, '')} FROM ${stage.relation} JOIN ${target} ON ${join(keyMatch(table), ' AND ')} WHERE ${join(guards, ' AND ')}`;
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
  const readable = readPolicies === null ? NEVER : sql`${definitely(buildRowPredicate(readPolicies, principal, targetColumn))}`;
  const oldOk = sql`${definitely(buildRowPredicate(group.rowPolicies, principal, targetColumn))}`;
  const newOk = group.op === 'update' ? sql`${definitely(buildRowPredicate(group.rowPolicies, principal, newValue(group, stage)))}` : ALWAYS;
  const locks = locksFor(table, principal);
  const unlockedOld = locks.length ? buildLockGuard(locks, targetColumn) : ALWAYS;
  const movable = group.op === 'update' ? locks.filter((lock) => lock.match.some((m) => group.written.includes(m.rowColumn))) : [];
  const unlockedNew = movable.length ? buildLockGuard(movable, newValue(group, stage)) : ALWAYS;
  const actual = group.expected.map((c) => sql`, ${asText(targetColumn(c))} AS ${ident(diagnosis.actual(c))}`);
  const current = table.columns.map((c) => sql`, ${targetColumn(c.name)} AS ${ident(diagnosis.current(c.name))}`);
  return sql`SELECT ${stagedColumn(staged.index)} AS ${ident(staged.index)}, ${flag(sql`${targetColumn(table.key[0]!)} IS NOT NULL`)} AS ${ident(diagnosis.found)},
    ${flag(readable)} AS ${ident(diagnosis.readable)}, ${flag(oldOk)} AS ${ident(diagnosis.oldAllowed)}, ${flag(newOk)} AS ${ident(diagnosis.newAllowed)},
    ${flag(unlockedOld)} AS ${ident(diagnosis.unlockedOld)}, ${flag(unlockedNew)} AS ${ident(diagnosis.unlockedNew)}${join(actual, '')}${join(current, '')}
    FROM ${stage.relation} LEFT JOIN ${tableRef(table.qualifiedName)} AS ${ident(TARGET)} ON ${join(keyMatch(table), ' AND ')}`;
}

/** The staged inserts whose new row fails the row policy or a lock, with which (`new_allowed`, `unlocked_new`). Pure. */
export function buildInsertDiagnosis(table: ResolvedTable, principal: Principal, group: ChangeGroup, stage: StagedGroup): SqlFragment {
  const insertedValue = (c: string) => (group.written.includes(c) ? stagedColumn(staged.value(c)) : typedNull(table, c));
  const allowed = sql`${definitely(buildRowPredicate(group.rowPolicies, principal, insertedValue))}`;
  const locks = locksFor(table, principal);
  const unlocked = locks.length ? buildLockGuard(locks, insertedValue) : ALWAYS;
  return sql`SELECT ${stagedColumn(staged.index)} AS ${ident(staged.index)}, ${flag(allowed)} AS ${ident(diagnosis.newAllowed)}, ${flag(unlocked)} AS ${ident(diagnosis.unlockedNew)}
    FROM ${stage.relation} WHERE NOT (${allowed} AND ${unlocked})`;
}

/** The staged inserts whose key a row already has (after the warehouse refused a duplicate key). Pure. */
export function buildExistingKeys(table: ResolvedTable, stage: StagedGroup): SqlFragment {
  const match = table.key.map((k) => sql`${targetColumn(k)} = ${stagedColumn(staged.value(k))}`);
  return sql`SELECT ${stagedColumn(staged.index)} AS ${ident(staged.index)} FROM ${stage.relation} JOIN ${tableRef(table.qualifiedName)} AS ${ident(TARGET)} ON ${join(match, ' AND ')}`;
}

/** A new row's value of a column: the staged one where the inserts give it, else NULL of its type. */
function insertedValue(group: ChangeGroup, table: ResolvedTable): (column: string) => SqlFragment {
  return (c) => (group.written.includes(c) ? stagedColumn(staged.value(c)) : typedNull(table, c));
}

/** An insert group's guards on each new row: the row policy, the cross-field rules SQL can run, the locks. */
function insertGuard(table: ResolvedTable, principal: Principal, group: ChangeGroup, rules: readonly ResolvedRule[]): SqlFragment {
  const value = insertedValue(group, table);
  const allowed = buildRowPredicate(group.rowPolicies, principal, value);
  const ruled = buildRuleGuard(rules, table, principal, value, (c) => typedNull(table, c));
  const locks = locksFor(table, principal);
  const unlocked = locks.length ? sql` AND ${buildLockGuard(locks, value)}` : raw('');
  return sql`${definitely(allowed)} AND ${ruled}${unlocked}`;
}

/** A predicate as a boolean column: some engines answer a comparison with a number. */
function flag(predicate: SqlFragment): SqlFragment {
  return flagOf(predicate);
}

/** NULL of a column's type, so that a bound value compared with it still has a type to take. */
function typedNull(table: ResolvedTable, column: string): SqlFragment {
  const type = table.columnByName.get(column)?.type;
  return type ? byDialect((dialect) => raw(dialect.castParam('NULL', type))) : raw('NULL');
}

function keyMatch(table: ResolvedTable): SqlFragment[] {
  return table.key.map((k) => sql`${targetColumn(k)} = ${stagedColumn(staged.key(k))}`);
}

/** Each expected column equals what the user saw, for the changes that compare it. */
function expectedValues(group: ChangeGroup, stage: StagedGroup): SqlFragment[] {
  return group.expected.map((c) => {
    const same = nullSafeEquals(targetColumn(c), stagedColumn(staged.expected(c)));
    return stage.partlyExpected.has(c) ? sql`(NOT ${holds(stagedColumn(staged.expects(c)))} OR ${same})` : same;
  });
}

/** The value a column has after the update: the staged one where the change writes it, else the stored one. */
function newValue(group: ChangeGroup, stage: StagedGroup): (column: string) => SqlFragment {
  return (column) => {
    if (!group.written.includes(column)) return targetColumn(column);
    const value = stagedColumn(staged.value(column));
    return stage.partlyWritten.has(column)
      ? sql`CASE WHEN ${holds(stagedColumn(staged.writes(column)))} THEN ${value} ELSE ${targetColumn(column)} END`
      : value;
  };
}
