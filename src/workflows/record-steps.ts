import { AppError } from '../errors/index.js';
import type { WarehouseDriver } from '../warehouse/driver.js';
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

/** Writes a new request and its `submit` step in one transaction. */
export async function insertRequest(warehouse: WarehouseDriver, schema: string, request: ApprovalRequest, submit: NewStep): Promise<void> {
  const r = request;
  await warehouse.transaction(async (tx) => {
    const insert = sql`INSERT INTO ${table(`${schema}.${APPROVAL_TABLES.requests}`)}
      (request_id, app, table_name, submitted_by, submitted_at, status, amount, route, current_level, changes, reason, resubmits, changeset_id, updated_at)
      VALUES (${r.requestId}, ${r.app}, ${r.table}, ${r.submittedBy}, ${valueAs(r.submittedAt, 'timestamp')}, ${r.status}, ${r.amount},
              ${JSON.stringify(r.route)}, ${r.currentLevel}, ${JSON.stringify(r.changes)}, ${r.reason}, ${r.resubmits}, ${r.changesetId},
              ${valueAs(r.updatedAt, 'timestamp')})`;
    for (const statement of [insert, stepInsert(schema, r.requestId, 1, submit, r.submittedAt)]) {
      const q = renderSql(statement, warehouse.dialect);
      await tx.query(q.sql, q.params);
    }
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
  await warehouse.transaction(async (tx) => {
    const run = async (statement: SqlFragment) => {
      const q = renderSql(statement, warehouse.dialect);
      return (await tx.query(q.sql, q.params)).rows;
    };
    // The step keys (request_id, seq) collide when two actions race from the same state.
    for (const [i, step] of steps.entries()) await run(stepInsert(schema, request.requestId, request.lastSeq + i + 1, step, at));
    const assignments = [sql`updated_at = ${valueAs(at, 'timestamp')}`];
    if (update.status !== undefined) assignments.push(sql`status = ${update.status}`);
    if (update.currentLevel !== undefined) assignments.push(sql`current_level = ${update.currentLevel}`);
    if (update.route !== undefined) assignments.push(sql`route = ${JSON.stringify(update.route)}`);
    if (update.changesetId !== undefined) assignments.push(sql`changeset_id = ${update.changesetId}`);
    const updated = await run(sql`UPDATE ${table(`${schema}.${APPROVAL_TABLES.requests}`)} SET ${join(assignments, ', ')}
      WHERE request_id = ${request.requestId} AND status = ${request.status} AND current_level = ${request.currentLevel}${returningRows(raw('request_id'))}`);
    if (updated.length === 0) throw closedConcurrently(request);
  });
  return { ...request, ...update, updatedAt: at, lastSeq: request.lastSeq + steps.length };
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
