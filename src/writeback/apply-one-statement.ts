import type { ResolvedRule } from '../app-model/index.js';
import type { AppError } from '../errors/index.js';
import {
  AUDIT_COLUMNS,
  AUDIT_TABLES,
  type AuditCell,
  buildAuditInserts,
  cellValues,
  changesetValues,
  type UnsealedChangeset,
} from '../governance/audit/index.js';
import type { Row, WarehouseIdentity } from '../warehouse/driver.js';
import { ident, join, raw, renderSql, sql, type SqlFragment, table as tableRef, valueAs } from '../warehouse/sql.js';
import { auditCells } from './audit-cells.js';
import { buildChangeStatement, buildUpdateGuard } from './build-statements.js';
import { diagnoseGroup, failureError } from './diagnose-failure.js';
import { groupChanges } from './group-changes.js';
import { JOB_COLUMN } from './group-commit.js';
import { identityBatchKey, identityWriteBatcherOf } from './identity-write-batcher.js';
import type { PreparedChange } from './prepare-changes.js';
import { splitRules } from './rule-guards.js';
import { stageGroup } from './stage-group.js';
import { writeBatcherOf } from './write-batcher.js';
import type { WriteContext } from './write-context.js';

/** A changeset that one self-contained statement can apply: the change and the SQL form of the table's cross-field rules. */
export interface OneStatementPlan {
  change: PreparedChange;
  /** The table's cross-field rules, all of which SQL can run. */
  rules: ResolvedRule[];
  /** The rules as one predicate over the row as the update leaves it. */
  guard: SqlFragment;
}

/**
 * Whether the changeset can be applied as ONE statement instead of a
 * transaction: a single update, on a warehouse whose data-modifying CTEs run
 * atomically, under the service identity (audit rows need it) or on a
 * warehouse that runs a user's statement and the service's audit rows in one
 * round trip (`identityBatch`), with no gates or action steps (they need the
 * transaction) and cross-field rules that compile to SQL. Period locks are
 * guards like any other: the row must match no lock before the change, nor
 * after it where the change writes a column a lock matches on. Anything else
 * takes the transaction path; both give the same answers.
 */
export function planOneStatement(context: WriteContext, changes: readonly PreparedChange[]): OneStatementPlan | undefined {
  const { driver, table, principal } = context;
  if (!driver.capabilities.writableCtes || context.afterChanges || table.gates.length || changes.length !== 1) return undefined;
  if (context.identity && !(driver.capabilities.identityBatch && driver.writeAs)) return undefined;
  const change = changes[0]!;
  if (change.op !== 'update') return undefined;
  const rules = splitRules(table, principal);
  if (rules.inJs.length) return undefined;
  return { change, rules: rules.inSql, guard: buildUpdateGuard(table, principal, change, rules.inSql) };
}

/**
 * The guarded UPDATE, the changeset row and its cell rows in one statement
 * (data-modifying CTEs): the audit rows are inserted only when the UPDATE
 * matched, and a single statement commits all or nothing, so no transaction
 * and no extra round trip is needed. The cross-field rules guard the UPDATE
 * in SQL; when nothing matched, the current row tells which guard failed.
 * Under load, concurrent writes share statements (see WriteBatcher).
 */
export async function applyOneStatement(context: WriteContext, plan: OneStatementPlan, record: UnsealedChangeset): Promise<Row> {
  const { driver, table, principal, auditSchema } = context;
  const { change } = plan;
  const update = buildChangeStatement(table, principal, change, plan.guard);
  const cells = auditCells(table, change, {});
  if (context.identity) {
    const row = await writeAsUser(context, context.identity, change, update, record, cells);
    if (row) return row;
    throw await explainMiss(context, plan);
  }
  const row = await writeBatcherOf(driver).run({
    batchKey: table.qualifiedName,
    rowKey: change.rowKey,
    build(prefix) {
      const changed = `${prefix}changed`;
      const matched = sql`WHERE EXISTS (SELECT 1 FROM ${ident(changed)})`;
      const ctes = sql`${ident(changed)} AS (${update}),
        ${ident(`${prefix}audit_changeset`)} AS (INSERT INTO ${tableRef(`${auditSchema}.${AUDIT_TABLES.changesets}`)} ${AUDIT_COLUMNS.changesets}
          SELECT * FROM (${changesetValues(record)}) AS v ${matched}),
        ${ident(`${prefix}audit_cells`)} AS (INSERT INTO ${tableRef(`${auditSchema}.${AUDIT_TABLES.cellChanges}`)} ${AUDIT_COLUMNS.cellChanges}
          SELECT * FROM (${cellValues(record, cells)}) AS v ${matched})`;
      return { ctes, result: changed };
    },
  });
  if (row) return row;
  throw await explainMiss(context, plan);
}

/**
 * Passthrough identity: the guarded UPDATE as the user's database role and,
 * only when it matched, the audit rows as the service role, in one round trip
 * (`WarehouseDriver.writeAs`). Under load, concurrent writes of one shape
 * share the call, each under its own role and claims (IdentityWriteBatcher).
 */
async function writeAsUser(
  context: WriteContext,
  identity: WarehouseIdentity,
  change: PreparedChange,
  update: SqlFragment,
  record: UnsealedChangeset,
  cells: AuditCell[],
): Promise<Row | undefined> {
  const { driver, table, auditSchema } = context;
  const written = ident('written');
  const typedColumns = table.columns.map((c) => sql`CAST(${written}.${ident(c.name)} AS ${raw(c.type.sql)}) AS ${ident(c.name)}`);
  // The write's place among those sharing the call: the statement's last parameter (IdentityWriteBatcher).
  const job = sql`${valueAs(0, 'integer')} AS ${ident(JOB_COLUMN)}`;
  const statement = renderSql(sql`WITH ${written} AS (${update}) SELECT ${job}, ${join(typedColumns, ', ')} FROM ${written}`, driver.dialect);
  const [audit] = buildAuditInserts(auditSchema, record, cells, true);
  const write = { identity, statement, after: renderSql(audit!, driver.dialect) };
  const columns = [{ name: JOB_COLUMN, type: driver.dialect.typeName('integer') }, ...table.columns.map((c) => ({ name: c.name, type: c.type.sql }))];
  return identityWriteBatcherOf(driver).run({ batchKey: identityBatchKey(write), rowKey: change.rowKey, write, columns });
}

/**
 * Why the statement matched no row: the row policy, a stale value, a missing
 * row, or a cross-field rule (one diagnosis query, as the user's identity so
 * the warehouse hides what it hides from them; the audit is read as the
 * service).
 */
async function explainMiss(context: WriteContext, plan: OneStatementPlan): Promise<AppError> {
  const { driver, table, principal, auditSchema } = context;
  const identity = context.identity ?? undefined;
  const asUser = { dialect: driver.dialect, query: (text: string, params?: readonly unknown[]) => driver.query(text, params, { identity }) };
  const [group] = groupChanges(table, [plan.change]);
  const stage = stageGroup(table, group!);
  const failures = await diagnoseGroup(asUser, driver.dialect, table, principal, group!, stage, new Set(), plan.rules);
  return failureError(driver, driver.dialect, auditSchema, failures, table, context.identity !== null);
}
