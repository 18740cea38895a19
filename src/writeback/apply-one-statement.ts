import { compileToSql, type ResolvedTable } from '../app-model/index.js';
import { ExpressionCompileError } from '../app-model/expression/compile-to-sql.js';
import type { AppError } from '../errors/index.js';
import { AUDIT_COLUMNS, AUDIT_TABLES, cellValues, changesetValues, type UnsealedChangeset } from '../governance/audit/index.js';
import { expressionUser, type Principal } from '../governance/principal.js';
import type { Row } from '../warehouse/driver.js';
import { ident, join, raw, renderSql, sql, table as tableRef, typed, type SqlFragment } from '../warehouse/sql.js';
import { writeBatcherOf } from './write-batcher.js';
import { auditCells } from './audit-cells.js';
import { buildChangeStatement } from './build-statements.js';
import { checkRows } from './check-rows.js';
import { diagnoseGroup, failureError } from './diagnose-failure.js';
import { groupChanges } from './group-changes.js';
import { stageGroup } from './stage-group.js';
import type { PreparedChange } from './prepare-changes.js';
import { validationError } from './validation-issue.js';
import type { WriteContext } from './write-context.js';

/** A changeset that one self-contained statement can apply: the change and the SQL form of the table's cross-field rules. */
export interface OneStatementPlan {
  change: PreparedChange;
  rules: SqlFragment;
}

/**
 * Whether the changeset can be applied as ONE statement instead of a
 * transaction: a single update, on a warehouse whose data-modifying CTEs run
 * atomically, under the service identity (audit rows need it), with no gates
 * or action steps (they need the transaction) and cross-field rules that
 * compile to SQL. Anything else takes the transaction path; both give the
 * same answers.
 */
export function planOneStatement(context: WriteContext, changes: readonly PreparedChange[]): OneStatementPlan | undefined {
  const { driver, table } = context;
  if (!driver.capabilities.writableCtes || context.identity || context.afterChanges || table.gates.length || changes.length !== 1) return undefined;
  const change = changes[0]!;
  if (change.op !== 'update') return undefined;
  try {
    return { change, rules: buildRuleGuard(table, context.principal, change) };
  } catch (error) {
    if (error instanceof ExpressionCompileError) return undefined;
    throw error;
  }
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
  const update = buildChangeStatement(table, principal, change, plan.rules);
  const cells = auditCells(table, change, {});
  const row = await writeBatcherOf(driver).run({
    target: table.qualifiedName,
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
  throw await explainMiss(context, change);
}

/** Why the statement matched no row: the row policy, a stale value, a missing row, or a cross-field rule. */
async function explainMiss(context: WriteContext, change: PreparedChange): Promise<AppError> {
  const { driver, table, principal, auditSchema } = context;
  const [group] = groupChanges(table, [change]);
  const failures = await diagnoseGroup(driver, driver.dialect, table, principal, group!, stageGroup(driver.dialect, table, group!), new Set());
  if (failures.some((f) => f.kind !== 'unexplained')) return failureError(driver, driver.dialect, auditSchema, failures, table, false);
  // Key, values and policy hold on the current row: the rules refused the row as it would be written.
  const current = await readRow(context, change);
  const issues = current ? checkRows(table, principal, change.index, change.clientKey, { ...current, ...Object.fromEntries(change.set) }, current) : [];
  if (issues.length) return validationError(issues);
  return failureError(driver, driver.dialect, auditSchema, failures, table, false);
}

async function readRow(context: WriteContext, change: PreparedChange): Promise<Row | undefined> {
  const { driver, table } = context;
  const where = join(
    table.key.map((k) => sql`${ident(k)} = ${typed(change.key[k], table.columnByName.get(k)!.type)}`),
    ' AND ',
  );
  const q = renderSql(
    sql`SELECT ${join(
      table.columns.map((c) => ident(c.name)),
      ', ',
    )} FROM ${tableRef(table.qualifiedName)} WHERE ${where}`,
    driver.dialect,
  );
  return (await driver.query(q.sql, q.params)).rows[0];
}

/**
 * The table's cross-field rules as one SQL predicate over the row as the
 * update leaves it (`row.*`: the new value of a written column, else the
 * stored one) and as it was (`old.*`). Null compares like CEL's (IS [NOT]
 * DISTINCT FROM); a rule that cannot run in SQL throws ExpressionCompileError.
 */
function buildRuleGuard(table: ResolvedTable, principal: Principal, change: PreparedChange): SqlFragment {
  const checks = table.rules.flatMap((r) => (r.check ? [r.check] : []));
  if (checks.length === 0) return raw('TRUE');
  const value = (column: string) => {
    if (!table.columnByName.has(column)) throw new ExpressionCompileError(`unknown column '${column}'`);
    return change.set.has(column) ? typed(change.set.get(column), table.columnByName.get(column)!.type) : ident(column);
  };
  const stored = (column: string) => {
    if (!table.columnByName.has(column)) throw new ExpressionCompileError(`unknown column '${column}'`);
    return ident(column);
  };
  const context = { rowField: value, fields: { old: stored }, values: { user: expressionUser(principal) }, nullSafeEquality: true };
  return join(
    checks.map((check) => sql`COALESCE(${compileToSql(check.ast, context)}, FALSE)`),
    ' AND ',
  );
}
