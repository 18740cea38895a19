import { AppError } from '../errors/index.js';
import { uniqueViolation } from '../warehouse/driver-errors.js';
import type { Row, WarehouseDriver } from '../warehouse/driver.js';
import { withTableWriteLock, withUndoableWrite } from '../writeback/table-write-lock.js';
import { join, raw, renderSql, returningRows, sql, type SqlFragment, table, valueAs } from '../warehouse/sql.js';
import type { ApprovalRequest, NewStep, RequestStatus, RouteLevel } from './approval-records.js';
import { APPROVAL_TABLES } from './approval-tables.js';

/** What a transition changes on the request besides appending steps. */
export interface RequestUpdate {
  status?: RequestStatus;
  currentLevel?: number;
  route?: RouteLevel[];
  changesetId?: string;
}

/** Writes a new request and its `submit` step in one transaction (see `writeTogether`). */
export async function insertRequest(warehouse: WarehouseDriver, schema: string, request: ApprovalRequest, submit: NewStep): Promise<void> {
  const r = request;
  const requests = table(`${schema}.${APPROVAL_TABLES.requests}`);
  // Without transactions the submit step, written last, marks the request as recorded.
  await writeTogether(warehouse, schema, stepRecorded(schema, r.requestId, 1), async (run) => {
    // Resubmitting a request twice is refused by a unique key where the warehouse enforces one; elsewhere here.
    if (!warehouse.capabilities.enforcesKeys && r.resubmits && (await run(sql`SELECT request_id FROM ${requests} WHERE resubmits = ${r.resubmits}`)).length)
      throw uniqueViolation(new Error(`request ${r.resubmits} was already resubmitted`));
    await run(
      sql`INSERT INTO ${requests}
      (request_id, app, table_name, submitted_by, submitted_at, status, amount, route, current_level, changes, reason, resubmits, changeset_id, updated_at)
      VALUES (${r.requestId}, ${r.app}, ${r.table}, ${r.submittedBy}, ${valueAs(r.submittedAt, 'timestamp')}, ${r.status}, ${r.amount},
              ${JSON.stringify(r.route)}, ${r.currentLevel}, ${JSON.stringify(r.changes)}, ${r.reason}, ${r.resubmits}, ${r.changesetId},
              ${valueAs(r.updatedAt, 'timestamp')})`,
      sql`DELETE FROM ${requests} WHERE request_id = ${r.requestId}`,
    );
    await run(stepInsert(schema, r.requestId, 1, submit, r.submittedAt));
  });
}

/**
 * Appends `steps` and applies `update` in one transaction, only if the
 * request is still as it was read (same status, level and last step).
 * Otherwise nothing is written: a concurrent action won, and the caller gets
 * `WF_REQUEST_CLOSED` (or a driver conflict it may retry after re-reading).
 * Returns the request as it is after the transition.
 */
export async function recordTransition(
  warehouse: WarehouseDriver,
  schema: string,
  request: ApprovalRequest,
  steps: readonly NewStep[],
  update: RequestUpdate,
  now: Date,
): Promise<ApprovalRequest> {
  const at = now.toISOString();
  const requests = table(`${schema}.${APPROVAL_TABLES.requests}`);
  const unchanged = sql`request_id = ${request.requestId} AND status = ${request.status} AND current_level = ${request.currentLevel}`;
  const lastSeq = request.lastSeq + steps.length;
  // Without transactions the request is updated first and its last new step, written last, marks the transition as recorded.
  const recorded = steps.length ? stepRecorded(schema, request.requestId, lastSeq) : sql`SELECT 1 AS found FROM ${requests} WHERE 1 = 0`;
  await writeTogether(warehouse, schema, recorded, async (run, serialized) => {
    const assignments = [sql`updated_at = ${valueAs(at, 'timestamp')}`];
    if (update.status !== undefined) assignments.push(sql`status = ${update.status}`);
    if (update.currentLevel !== undefined) assignments.push(sql`current_level = ${update.currentLevel}`);
    if (update.route !== undefined) assignments.push(sql`route = ${JSON.stringify(update.route)}`);
    if (update.changesetId !== undefined) assignments.push(sql`changeset_id = ${update.changesetId}`);
    const set = join(assignments, ', ');
    if (serialized) {
      // Checked under the lock: no other transition runs in between.
      const [seen] = await run(sql`SELECT (SELECT count(*) FROM ${requests} WHERE ${unchanged}) AS unchanged,
        (SELECT coalesce(max(seq), 0) FROM ${table(`${schema}.${APPROVAL_TABLES.steps}`)} WHERE request_id = ${request.requestId}) AS last_seq`);
      if (Number(seen?.unchanged) !== 1 || Number(seen?.last_seq) !== request.lastSeq) throw closedConcurrently(request);
      await run(sql`UPDATE ${requests} SET ${set} WHERE ${unchanged}`, requestRestore(schema, request));
    }
    // The step keys (request_id, seq) collide when two actions race from the same state.
    for (const [i, step] of steps.entries()) {
      const seq = request.lastSeq + i + 1;
      await run(stepInsert(schema, request.requestId, seq, step, at), stepRemoval(schema, request.requestId, seq));
    }
    if (serialized) return;
    const updated = await run(sql`UPDATE ${requests} SET ${set} WHERE ${unchanged}${returningRows(raw('request_id'))}`);
    if (updated.length === 0) throw closedConcurrently(request);
  });
  return { ...request, ...update, updatedAt: at, lastSeq };
}

/**
 * Runs one statement; `undo` is what removes its effect if a later statement
 * of the same write fails (harmless when the statement did not run).
 */
type RunStatement = (statement: SqlFragment, undo?: SqlFragment) => Promise<Row[]>;

/**
 * The statements of one change to the approval tables, all or nothing: in
 * one transaction; or, where the warehouse has none, under the approval
 * tables' write lock (one writer at a time, so checks read before the writes
 * still hold), with the undo of the statements already run when a later one
 * fails, journaled (`withUndoableWrite`) with `committed`, a query returning
 * a row once the last statement ran. `serialized` (no transactions, or no
 * `RETURNING`: a transaction under that lock) tells the work to check first.
 */
async function writeTogether(
  warehouse: WarehouseDriver,
  schema: string,
  committed: SqlFragment,
  work: (run: RunStatement, serialized: boolean) => Promise<void>,
): Promise<void> {
  const { transactions, supportsReturning } = warehouse.capabilities;
  if (transactions) {
    const inTransaction = () =>
      warehouse.transaction((tx) =>
        work(async (statement) => {
          const q = renderSql(statement, warehouse.dialect);
          return (await tx.query(q.sql, q.params)).rows;
        }, !supportsReturning),
      );
    // Without RETURNING the transition checks first: under the lock, no other transition runs in between.
    return supportsReturning ? inTransaction() : withTableWriteLock(warehouse, `${schema}.${APPROVAL_TABLES.requests}`, inTransaction);
  }
  await withUndoableWrite(warehouse, `${schema}.${APPROVAL_TABLES.requests}`, committed, ({ run, undoWith }) =>
    work(async (statement, undo) => {
      if (undo) await undoWith(undo);
      return run(statement);
    }, true),
  );
}

export function closedConcurrently(request: ApprovalRequest): AppError {
  return new AppError('WF_REQUEST_CLOSED', `Request ${request.requestId} was changed by someone else at the same time; reload it.`, {
    requestId: request.requestId,
  });
}

function stepInsert(schema: string, requestId: string, seq: number, step: NewStep, at: string): SqlFragment {
  return sql`INSERT INTO ${table(`${schema}.${APPROVAL_TABLES.steps}`)} (request_id, seq, action, level, actor, on_behalf_of, acted_at, comment)
    VALUES (${requestId}, ${seq}, ${step.action}, ${step.level}, ${step.actor}, ${step.onBehalfOf}, ${valueAs(at, 'timestamp')}, ${step.comment})`;
}

function stepRecorded(schema: string, requestId: string, seq: number): SqlFragment {
  return sql`SELECT 1 AS found FROM ${table(`${schema}.${APPROVAL_TABLES.steps}`)} WHERE request_id = ${requestId} AND seq = ${seq}`;
}

/** Puts the request back as it was read (undo of a transition's update). */
function requestRestore(schema: string, r: ApprovalRequest): SqlFragment {
  return sql`UPDATE ${table(`${schema}.${APPROVAL_TABLES.requests}`)}
    SET status = ${r.status}, current_level = ${r.currentLevel}, route = ${JSON.stringify(r.route)}, changeset_id = ${r.changesetId},
        updated_at = ${valueAs(r.updatedAt, 'timestamp')}
    WHERE request_id = ${r.requestId}`;
}

function stepRemoval(schema: string, requestId: string, seq: number): SqlFragment {
  return sql`DELETE FROM ${table(`${schema}.${APPROVAL_TABLES.steps}`)} WHERE request_id = ${requestId} AND seq = ${seq}`;
}
