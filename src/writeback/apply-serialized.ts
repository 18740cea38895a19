import type { ResolvedTable } from '../app-model/index.js';
import { AUDIT_TABLES, buildAuditInserts, type AuditCell, type UnsealedChangeset } from '../governance/audit/index.js';
import { uniqueViolation } from '../warehouse/driver-errors.js';
import type { StagedColumn, StagedValue } from '../warehouse/dialect.js';
import type { Row, SqlRunner, TransactionRunner } from '../warehouse/driver.js';
import { byDialect, ident, join, renderSql, sql, table as tableRef, type SqlFragment } from '../warehouse/sql.js';
import { auditCells } from './audit-cells.js';
import { buildGroupCheck, checked } from './build-group-statement.js';
import { diagnoseGroup, failureError } from './diagnose-failure.js';
import { type ChangeGroup, groupChanges } from './group-changes.js';
import type { PreparedChange } from './prepare-changes.js';
import { type AppliedChange, assertJsRules, assertNewKeysFree, type StatementContext } from './run-groups.js';
import { assertGates } from './run-gates.js';
import { splitRules } from './rule-guards.js';
import { stageGroup, staged } from './stage-group.js';
import { withTableWriteLock, withUndoableWrite } from './table-write-lock.js';
import { validationError, type ValidationIssue } from './validation-issue.js';

/** What the serialized strategy needs beyond the statements: the audit record and the caller's extra statements. */
export interface SerializedWrite {
  record: UnsealedChangeset;
  afterChanges?: (runner: TransactionRunner) => Promise<void>;
}

/**
 * The check-then-apply strategy, documented in README.md here: for engines
 * without multi-statement transactions (`capabilities.transactions` false),
 * and for those with transactions whose statements cannot return the rows
 * they changed (`supportsReturning` false). Under the table's write lock, per
 * group ONE check query finds, with every guard, the rows the group would
 * write (a miss is diagnosed as in the transactional path and nothing is
 * written), then the JS rules; only then, per group, ONE statement applies it
 * by key (`dialect.updateByKey`, `deleteByKey`, `INSERT … SELECT`). Then the
 * gates, the caller's statements and the audit rows.
 *
 * With transactions, all of it runs in one transaction (as the user's
 * identity; the audit as the service's). Without, each statement runs as the
 * same identity the transaction would have used, and a failure after a group was
 * applied undoes the applied groups, last first, from the values the checks
 * read, and removes the changeset's audit rows; those undo statements are
 * journaled first (write-journal.ts), so a write cut off for good is taken
 * back later, and readers wait while the groups apply (read-gate.ts).
 * `write: undefined` is the dry run: the checks only.
 */
export async function runSerialized(
  context: StatementContext,
  changes: readonly PreparedChange[],
  write?: SerializedWrite,
): Promise<{ applied: AppliedChange[]; cells: AuditCell[] }> {
  const { driver, table } = context;
  const render = (statement: SqlFragment) => renderSql(statement, driver.dialect);
  if (driver.capabilities.transactions) {
    return withTableWriteLock(driver, table.qualifiedName, () =>
      driver.transaction(
        (tx) =>
          checkThenApply(context, changes, write, {
            runner: tx,
            run: async (statement) => {
              const q = render(statement);
              return (await tx.query(q.sql, q.params)).rows;
            },
            undoWith: async () => undefined,
            beforeAudit: () => tx.useServiceIdentity(),
            service: tx,
          }),
        { identity: context.identity ?? undefined },
      ),
    );
  }
  const committed = write
    ? changesetRecorded(context.auditSchema, write.record.changesetId)
    : sql`SELECT 1 AS found FROM ${tableRef(table.qualifiedName)} WHERE 1 = 0`;
  // As in a transaction: the checks, the group writes, gates and the caller's statements as the user; from the
  // audit rows on (and every undo), the service.
  let identity = context.identity ?? undefined;
  const options = () => (identity ? { identity } : undefined);
  return withUndoableWrite(driver, table.qualifiedName, committed, ({ run, undoWith }) =>
    checkThenApply(context, changes, write, {
      runner: {
        dialect: driver.dialect,
        query: (text, params) => driver.query(text, params, options()),
        useServiceIdentity: async () => void (identity = undefined),
      },
      run: (statement) => run(statement, options()),
      undoWith,
      beforeAudit: async () => void (identity = undefined),
      service: { dialect: driver.dialect, query: (text, params) => driver.query(text, params) },
    }),
  );
}

/** Where the statements of `checkThenApply` run: a transaction, or the table's undoable write. */
interface Steps {
  /** Checks and reads. */
  runner: TransactionRunner;
  /** Statements that change the table or the audit. */
  run(statement: SqlFragment): Promise<Row[]>;
  /** Registers what takes back the statements about to run (see `UndoableWrite`). */
  undoWith(...statements: SqlFragment[]): Promise<void>;
  /** Switches to the service identity for the audit rows. */
  beforeAudit(): Promise<void>;
  /**
   * Roundtrip's own reads (the idempotency key in the audit, the largest key
   * for new rows, which row filters would understate): as the service where
   * each statement stands alone; the transaction's runner otherwise.
   */
  service: SqlRunner;
}

async function checkThenApply(
  context: StatementContext,
  changes: readonly PreparedChange[],
  write: SerializedWrite | undefined,
  { runner, run, undoWith, beforeAudit, service }: Steps,
): Promise<{ applied: AppliedChange[]; cells: AuditCell[] }> {
  const { driver, table } = context;
  if (write?.record.idempotencyKey) await assertKeyUnused(context, service, write.record);
  const applied: AppliedChange[] = [];
  const checked: { group: ChangeGroup; rows: Map<number, Row> }[] = [];
  // Every group is checked before any is written: the groups touch different rows, so no check depends on
  // another group's write, and a refused changeset writes nothing.
  for (const group of groupChanges(table, await numberNewRows(context, service, changes))) {
    const rows = await checkGroup(context, runner, group);
    // The row as written: the table's columns only (the check also carries the index and old values).
    for (const change of group.changes) applied.push({ change, row: tableColumns(table, rows.get(change.index)!) });
    checked.push({ group, rows });
  }
  applied.sort((a, b) => a.change.index - b.change.index);
  assertJsRules(context, applied);
  const cells = applied.flatMap(({ change, row }) => auditCells(table, change, row));
  if (!write) return { applied, cells };
  const writes = checked.map(({ group, rows }) => groupWrites(table, group, rows));
  // One journal entry for the whole write: undone, the changeset row goes first, then the groups, last first.
  await undoWith(...auditRemovals(context.auditSchema, write.record.changesetId), ...[...writes].reverse().flatMap((w) => w.revert));
  for (const { apply } of writes) await run(apply);
  if (table.gates.length) await assertGates(runner, driver.dialect, table, context.principal);
  if (write.afterChanges) await write.afterChanges(runner);
  await beforeAudit();
  // Cells first, the changeset row last: a changeset row exists only with all of its cells.
  for (const statement of buildAuditInserts(context.auditSchema, write.record, cells).reverse()) await run(statement);
  return { applied, cells };
}

/** The group's rows as they would be written, by change index; throws the diagnosis when a guard refuses one. */
async function checkGroup(context: StatementContext, runner: TransactionRunner, group: ChangeGroup): Promise<Map<number, Row>> {
  const { driver, table, principal } = context;
  const dialect = driver.dialect;
  const stage = stageGroup(table, group);
  const rules = group.op === 'delete' ? [] : splitRules(table, principal).inSql;
  if (group.op === 'insert') {
    const keyless = group.changes.filter((c) => table.key.some((k) => c.set.get(k) == null));
    if (keyless.length) throw validationError(keyless.map((c) => keyRequired(table, c)));
    await assertNewKeysFree(runner, table, stage);
  }
  const q = renderSql(buildGroupCheck(table, principal, group, stage, rules), dialect);
  const rows = new Map((await runner.query(q.sql, q.params)).rows.map((row) => [Number(row[staged.index]), row]));
  if (rows.size < group.changes.length) {
    const failures = await diagnoseGroup(runner, dialect, table, principal, group, stage, new Set(rows.keys()), rules);
    throw await failureError(runner, dialect, context.auditSchema, failures, table, false);
  }
  return rows;
}

/**
 * Inserts that leave out a key Roundtrip numbers (`numberFrom`: the engine
 * has no sequences) get the numbers after the largest key in the table, in
 * change order. The table's write lock is held: no other writer of this
 * server takes the same numbers.
 */
async function numberNewRows(context: StatementContext, runner: SqlRunner, changes: readonly PreparedChange[]): Promise<readonly PreparedChange[]> {
  const { driver, table } = context;
  const [column, ...more] = table.key;
  const start = column && !more.length ? table.columnByName.get(column)?.numberFrom : undefined;
  const keyless = new Set(changes.filter((c) => c.op === 'insert' && c.set.get(column!) == null));
  if (start === undefined || !keyless.size) return changes;
  const q = renderSql(sql`SELECT max(${ident(column!)}) AS largest FROM ${tableRef(table.qualifiedName)}`, driver.dialect);
  const largest = (await runner.query(q.sql, q.params)).rows[0]?.largest;
  let next = BigInt(start);
  if (largest != null && BigInt(String(largest)) >= next) next = BigInt(String(largest)) + 1n;
  return changes.map((c) => (keyless.has(c) ? { ...c, set: new Map([[column!, (next++).toString()], ...c.set]) } : c));
}

/** Engines that cannot return the keys they generate get every key from the change. */
function keyRequired(table: ResolvedTable, change: PreparedChange): ValidationIssue {
  const column = table.key.find((k) => change.set.get(k) == null)!;
  return { changeIndex: change.index, column, rule: 'required', message: `${column} is required: this warehouse cannot tell the key it would generate.` };
}

/**
 * The statement applying a checked group by key, and the statements undoing
 * it, harmless to run when it did not run or ran in part (a delete is undone
 * by deleting what is left of the rows, then inserting them as they were).
 */
function groupWrites(table: ResolvedTable, group: ChangeGroup, rows: Map<number, Row>): { apply: SqlFragment; revert: SqlFragment[] } {
  const name = table.qualifiedName;
  const column = (c: string): StagedColumn => ({ name: c, type: table.columnByName.get(c)!.type });
  const ordered = group.changes.map((c) => rows.get(c.index)!);
  const values = (row: Row, names: readonly string[]) => names.map((n) => text(row[n]));
  const keyColumns = table.key.map(column);
  const keys = ordered.map((row) => values(row, table.key));
  const byKey = byDialect((d) => d.deleteByKey(name, keyColumns, keys));
  const insertRows = (names: readonly string[]) =>
    byDialect((d) => {
      const relation = d.stagedRows(
        names.map(column),
        ordered.map((row) => values(row, names)),
        'r',
      );
      return sql`INSERT INTO ${tableRef(name)} (${join(names.map(ident), ', ')}) SELECT ${join(names.map(ident), ', ')} FROM ${relation}`;
    });
  if (group.op === 'insert') return { apply: insertRows(group.written), revert: [byKey] };
  if (group.op === 'delete') return { apply: byKey, revert: [byKey, insertRows(table.columns.map((c) => c.name))] };
  const written = group.written.map(column);
  const updateTo = (pick: (row: Row) => StagedValue[]) =>
    byDialect((d) =>
      d.updateByKey(
        name,
        keyColumns,
        written,
        ordered.map((row, i) => [...keys[i]!, ...pick(row)]),
      ),
    );
  return {
    apply: updateTo((row) => values(row, group.written)),
    revert: [updateTo((row) => group.written.map((c) => text(row[checked.old(c)])))],
  };
}

/**
 * A twin of this request (same idempotency key) may have written while this
 * one waited for the lock: refused as the enforced unique key refuses it on
 * other engines, so the caller answers with the twin's result.
 */
async function assertKeyUnused(context: StatementContext, runner: SqlRunner, record: UnsealedChangeset): Promise<void> {
  const q = renderSql(
    sql`SELECT 1 AS found FROM ${tableRef(`${context.auditSchema}.${AUDIT_TABLES.changesets}`)}
      WHERE user_id = ${record.userId} AND idempotency_key = ${record.idempotencyKey}`,
    context.driver.dialect,
  );
  if ((await runner.query(q.sql, q.params)).rows.length) throw uniqueViolation(new Error('the idempotency key is recorded'));
}

/** Removes a changeset's audit rows (undo of a write that failed after its audit): the changeset row, its commit mark, first. */
function auditRemovals(schema: string, changesetId: string): SqlFragment[] {
  return [AUDIT_TABLES.changesets, AUDIT_TABLES.cellChanges].map((t) => sql`DELETE FROM ${tableRef(`${schema}.${t}`)} WHERE changeset_id = ${changesetId}`);
}

/** The changeset row is written last: once it exists, the changeset committed. */
function changesetRecorded(schema: string, changesetId: string): SqlFragment {
  return sql`SELECT 1 AS found FROM ${tableRef(`${schema}.${AUDIT_TABLES.changesets}`)} WHERE changeset_id = ${changesetId}`;
}

function tableColumns(table: ResolvedTable, row: Row): Row {
  return Object.fromEntries(table.columns.map((c) => [c.name, row[c.name] ?? null]));
}

function text(value: unknown): StagedValue {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}
