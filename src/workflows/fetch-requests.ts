import { toIso } from '../governance/audit/fetch-history.js';
import type { Row, SqlRunner } from '../warehouse/driver.js';
import type { Dialect } from '../warehouse/dialect.js';
import { join, raw, renderSql, sql, type SqlFragment, table, valueAs, asText, limitRows } from '../warehouse/sql.js';
import type { Change } from '../writeback/changeset-schema.js';
import type { ApprovalRequest, ApprovalStep, RequestStatus, RouteLevel, StepAction } from './approval-records.js';
import { APPROVAL_TABLES } from './approval-tables.js';

export interface RequestFilter {
  statuses?: readonly RequestStatus[];
  app?: string;
  table?: string;
  submittedBy?: string;
  /** Only requests whose last step is older than this (ISO 8601). */
  updatedBefore?: string;
  limit?: number;
}

/** The approval tables of one audit schema, read through one runner. */
export interface ApprovalStore {
  runner: SqlRunner;
  dialect: Dialect;
  schema: string;
}

const COLUMNS = sql`r.request_id, r.app, r.table_name, r.submitted_by, ${asText(raw('r.submitted_at'))} AS submitted_at, r.status, r.amount, r.route,
  r.current_level, r.changes, r.reason, r.resubmits, r.changeset_id, ${asText(raw('r.updated_at'))} AS updated_at`;

/** One request, or undefined. */
export async function fetchRequest(store: ApprovalStore, requestId: string): Promise<ApprovalRequest | undefined> {
  return (await fetchWhere(store, sql`r.request_id = ${requestId}`, 1))[0];
}

/** Requests matching the filter, newest submission first. */
export async function fetchRequests(store: ApprovalStore, filter: RequestFilter): Promise<ApprovalRequest[]> {
  const where: SqlFragment[] = [raw('1 = 1')];
  if (filter.statuses?.length)
    where.push(
      sql`r.status IN (${join(
        filter.statuses.map((s) => sql`${s}`),
        ', ',
      )})`,
    );
  if (filter.app) where.push(sql`r.app = ${filter.app}`);
  if (filter.table) where.push(sql`r.table_name = ${filter.table}`);
  if (filter.submittedBy) where.push(sql`r.submitted_by = ${filter.submittedBy}`);
  if (filter.updatedBefore) where.push(sql`r.updated_at < ${valueAs(filter.updatedBefore, 'timestamp')}`);
  return fetchWhere(store, join(where, ' AND '), filter.limit ?? 1000);
}

/** Every step of the given requests, by request id, in order. */
export async function fetchSteps(store: ApprovalStore, requestIds: readonly string[]): Promise<Map<string, ApprovalStep[]>> {
  const byRequest = new Map<string, ApprovalStep[]>(requestIds.map((id) => [id, []]));
  for (let start = 0; start < requestIds.length; start += 500) {
    const ids = requestIds.slice(start, start + 500);
    const q = renderSql(
      sql`SELECT request_id, seq, action, level, actor, on_behalf_of, ${asText(raw('acted_at'))} AS acted_at, comment
            FROM ${table(`${store.schema}.${APPROVAL_TABLES.steps}`)}
           WHERE request_id IN (${join(
             ids.map((id) => sql`${id}`),
             ', ',
           )}) ORDER BY request_id, seq`,
      store.dialect,
    );
    for (const row of (await store.runner.query(q.sql, q.params)).rows) byRequest.get(String(row.request_id))?.push(stepOf(row));
  }
  return byRequest;
}

async function fetchWhere(store: ApprovalStore, where: SqlFragment, limit: number): Promise<ApprovalRequest[]> {
  const steps = table(`${store.schema}.${APPROVAL_TABLES.steps}`);
  const q = renderSql(
    sql`SELECT ${COLUMNS}, (SELECT max(s.seq) FROM ${steps} s WHERE s.request_id = r.request_id) AS last_seq
          FROM ${table(`${store.schema}.${APPROVAL_TABLES.requests}`)} r
         WHERE ${where}
         ORDER BY r.submitted_at DESC, r.request_id DESC
         ${limitRows(limit)}`,
    store.dialect,
  );
  return (await store.runner.query(q.sql, q.params)).rows.map(requestOf);
}

function requestOf(row: Row): ApprovalRequest {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    requestId: String(row.request_id),
    app: String(row.app),
    table: String(row.table_name),
    submittedBy: String(row.submitted_by),
    submittedAt: toIso(String(row.submitted_at)),
    status: String(row.status) as RequestStatus,
    amount: Number(row.amount),
    route: JSON.parse(String(row.route)) as RouteLevel[],
    currentLevel: Number(row.current_level),
    changes: JSON.parse(String(row.changes)) as Change[],
    reason: text(row.reason),
    resubmits: text(row.resubmits),
    changesetId: text(row.changeset_id),
    updatedAt: toIso(String(row.updated_at)),
    lastSeq: Number(row.last_seq ?? 0),
  };
}

function stepOf(row: Row): ApprovalStep {
  return {
    seq: Number(row.seq),
    action: String(row.action) as StepAction,
    level: row.level === null ? null : String(row.level),
    actor: String(row.actor),
    onBehalfOf: row.on_behalf_of === null ? null : String(row.on_behalf_of),
    actedAt: toIso(String(row.acted_at)),
    comment: row.comment === null ? null : String(row.comment),
  };
}
