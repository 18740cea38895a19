import type { ResolvedRule, ResolvedTable } from '../app-model/index.js';
import type { AuditCell } from '../governance/audit/index.js';
import { uniqueViolation } from '../warehouse/driver-errors.js';
import type { Row, SqlRunner, TransactionRunner } from '../warehouse/driver.js';
import { renderSql, type SqlFragment } from '../warehouse/sql.js';
import { auditCells } from './audit-cells.js';
import { buildExistingKeys, buildGroupStatement } from './build-group-statement.js';
import { buildChangeStatement, buildUpdateGuard } from './build-statements.js';
import { checkRows } from './check-rows.js';
import { diagnoseGroup, failureError } from './diagnose-failure.js';
import { type ChangeGroup, groupChanges } from './group-changes.js';
import type { PreparedChange } from './prepare-changes.js';
import { formatRowKey, rowKeyOf } from './row-key.js';
import { assertGates } from './run-gates.js';
import { splitRules } from './rule-guards.js';
import { stageGroup, type StagedGroup } from './stage-group.js';
import { validationError, type ValidationIssue } from './validation-issue.js';
import type { WriteContext } from './write-context.js';

/** A change as its statement applied it: the row as written (deleted rows as they were). */
export interface AppliedChange {
  change: PreparedChange;
  row: Row;
}

/** What runs the statements: the write context without what only a committed write needs. */
export type StatementContext = Pick<WriteContext, 'driver' | 'auditSchema' | 'table' | 'principal' | 'identity'>;

/**
 * Applies the changes set-based inside `tx`: one guarded statement per group
 * (deletes, then updates, then inserts), so the statement count does not grow
 * with the changeset. Stops at the first group that applied fewer rows than
 * it had changes and throws the one error explaining every failed change of
 * it (diagnosed in one query). Then the cross-field rules on the written
 * rows and the table's gates. Returns the applied changes in change order
 * and their audit cells.
 */
export async function runGroups(
  context: StatementContext,
  tx: TransactionRunner,
  changes: readonly PreparedChange[],
): Promise<{ applied: AppliedChange[]; cells: AuditCell[] }> {
  const { driver, table, principal } = context;
  const rules = splitRules(table, principal);
  const applied: AppliedChange[] = [];
  for (const group of groupChanges(table, changes)) {
    const stage = stageGroup(table, group);
    const groupRules = group.op === 'delete' ? [] : rules.inSql;
    if (group.op === 'insert' && !driver.capabilities.enforcesKeys) await assertNewKeysFree(tx, table, stage);
    const q = renderSql(groupStatement(context, group, stage, groupRules), driver.dialect);
    const matched = matchRows(table, group, (await tx.query(q.sql, q.params)).rows);
    if (matched.size < group.changes.length) {
      const failures = await diagnoseGroup(tx, driver.dialect, table, principal, group, stage, new Set(matched.keys()), groupRules);
      await tx.useServiceIdentity();
      throw await failureError(tx, driver.dialect, context.auditSchema, failures, table, context.identity !== null);
    }
    for (const change of group.changes) applied.push({ change, row: matched.get(change.index)! });
  }
  applied.sort((a, b) => a.change.index - b.change.index);
  assertJsRules(context, applied);
  // Gates run as the statements did (passthrough: the writer's database role), which may read the table it just wrote.
  if (table.gates.length) await assertGates(tx, driver.dialect, table, principal);
  return { applied, cells: applied.flatMap(({ change, row }) => auditCells(table, change, row)) };
}

/**
 * The group's guarded statement. A group of one update names its values in
 * place instead of joining a staged row: the same guards (build-statements.ts),
 * and engines plan and run it as a plain keyed update, which on DuckDB costs
 * a third less than the join (the grid's single-cell edits come this way
 * wherever they need a transaction: gates, action steps, no writable CTEs).
 */
function groupStatement(context: StatementContext, group: ChangeGroup, stage: StagedGroup, rules: readonly ResolvedRule[]): SqlFragment {
  const { table, principal } = context;
  if (group.op !== 'update' || group.changes.length !== 1) return buildGroupStatement(table, principal, group, stage, rules);
  const change = group.changes[0]!;
  return buildChangeStatement(table, principal, change, buildUpdateGuard(table, principal, change, rules));
}

/**
 * Where the warehouse does not enforce keys, an insert group whose key
 * exists is refused here, as the key constraint refuses it elsewhere.
 */
export async function assertNewKeysFree(runner: SqlRunner, table: ResolvedTable, stage: StagedGroup): Promise<void> {
  const existing = renderSql(buildExistingKeys(table, stage), runner.dialect);
  if ((await runner.query(existing.sql, existing.params)).rows.length) throw uniqueViolation(new Error('an inserted key exists'));
}

/** Rules SQL cannot run, on the rows as the statements wrote (or the serialized checks would write) them. */
export function assertJsRules(context: Pick<StatementContext, 'table' | 'principal'>, applied: readonly AppliedChange[]): void {
  const { table, principal } = context;
  const rules = splitRules(table, principal).inJs;
  if (!rules.length) return;
  const issues: ValidationIssue[] = [];
  for (const { change, row } of applied) {
    if (change.op === 'delete') continue;
    const key = change.op === 'update' ? change.clientKey : pickClientKey(table, row);
    issues.push(
      ...checkRows(table, principal, change.index, key, row, change.op === 'update' ? { ...row, ...Object.fromEntries(change.expect) } : null, rules),
    );
  }
  if (issues.length) throw validationError(issues);
}

/**
 * Which change each returned row belongs to, by row key (updates, deletes,
 * and inserts that give their key); inserts whose key the warehouse makes
 * pair up by position, which both engines keep for `INSERT … SELECT`.
 */
function matchRows(table: ResolvedTable, group: ChangeGroup, rows: Row[]): Map<number, Row> {
  const matched = new Map<number, Row>();
  const keyed = group.op !== 'insert' || table.key.every((k) => group.written.includes(k));
  if (!keyed) {
    if (rows.length === group.changes.length) group.changes.forEach((change, i) => matched.set(change.index, rows[i]!));
    return matched;
  }
  const indexByKey = new Map(
    group.changes.map((c) => [c.op === 'insert' ? formatRowKey(table, Object.fromEntries(table.key.map((k) => [k, c.set.get(k)!]))) : c.rowKey, c.index]),
  );
  for (const row of rows) {
    const index = indexByKey.get(rowKeyOf(table, row));
    if (index !== undefined) matched.set(index, row);
  }
  return matched;
}

function pickClientKey(table: ResolvedTable, row: Row): Record<string, unknown> {
  return JSON.parse(rowKeyOf(table, row)) as Record<string, unknown>;
}
