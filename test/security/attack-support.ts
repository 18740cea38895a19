/**
 * What every file of the attack suite shares: the servers (the demo and the
 * two-app fixture) on one warehouse engine, logged-in users, the paths and
 * the case runners. Each case is a request an attacker could send; it must
 * be refused with its stable code (never a 5xx), or, for reads, answer
 * without a single row of data the user may not see, and leave the warehouse
 * tables, the audit, users, tokens and sessions exactly as they were.
 *
 * Demo facts used throughout: partner1 reads and edits amount/comment of
 * entities E01–E05 (budget lines 1–2400); lines 2401–2880 are E06 and
 * 2881–3360 are E07, both partner2's.
 *
 * A file runs its cases once per engine (`describe.each(ENGINES)`) and calls
 * {@link useAttackServers} at the top of that block: the servers and clients
 * below are then the ones of the engine running.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { ErrorCode } from '../../src/errors/index.js';
import { runSql, sql } from '../../src/warehouse/sql.js';
import { ApiClient } from '../support/api-client.js';
import type { TestEngine } from '../support/engines.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { expectRefused, leavesNothingChanged, type ApiResponse } from './state-probe.js';
import { twoAppProject } from './two-app-project.js';

export const DEMO_TABLES = ['budget_lines', 'journal_lines', 'account_pl_map'];
export const FIXTURE_TABLES = ['stores', 'salaries'];
export const PARTNER1_ENTITIES = ['E01', 'E02', 'E03', 'E04', 'E05'];
export const BUDGET = '/api/apps/budget';
export const CHANGESETS = `${BUDGET}/tables/budget_lines/changesets`;
export const BUDGET_QUERY = `${BUDGET}/datasets/budget_lines/query`;
export const JOURNAL_QUERY = `${BUDGET}/datasets/journal_lines/query`;
export const SUBMISSIONS = `${BUDGET}/tables/budget_lines/submissions`;
export const EPOCH = '2020-01-01T00:00:00Z';
export const TOMORROW = () => new Date(Date.now() + 24 * 3600 * 1000).toISOString();
export const revertPath = (changesetId: string, app = 'budget', table = 'budget_lines') => `/api/apps/${app}/tables/${table}/changesets/${changesetId}/revert`;
export const historyPath = (key: unknown, app = 'budget', table = 'budget_lines') =>
  `/api/apps/${app}/tables/${table}/history?key=${encodeURIComponent(typeof key === 'string' ? key : JSON.stringify(key))}`;
export const approvalPath = (requestId: string, action: 'approve' | 'reject' | 'withdraw') => `/api/approvals/${requestId}/${action}`;

/** The servers of the engine running: `demo` always, `apps` (the two-app fixture) when asked for. */
export const servers = {} as { demo: TestServer; apps: TestServer };

type DemoUser = 'partner1' | 'partner2' | 'director' | 'admin' | 'viewer' | 'cfo';
/** Logged-in demo users. */
export const as = {} as Record<DemoUser, ApiClient>;
type FixtureUser = 'planner' | 'manager' | 'hrlead' | 'owner';
/** Logged-in users of the two-app fixture. */
export const twoApp = {} as Record<FixtureUser, ApiClient>;

/**
 * Starts the demo (and, with `apps`, the two-app fixture) on `engine` before
 * the enclosing block and logs the users in; closes them after it.
 */
export function useAttackServers(engine: TestEngine, options: { apps?: boolean } = {}): void {
  let fixture: FixtureProject | undefined;
  beforeAll(async () => {
    fixture = options.apps ? await twoAppProject() : undefined;
    const [demo, apps] = await Promise.all([
      startTestServer({ engine }),
      fixture ? startTestServer({ projectDir: fixture.dir, engine }) : Promise.resolve(undefined),
    ]);
    servers.demo = demo;
    if (apps) servers.apps = apps;
    for (const user of ['partner1', 'partner2', 'director', 'admin', 'viewer', 'cfo'] as const) as[user] = await ApiClient.login(demo.url, user);
    if (apps) for (const user of ['planner', 'manager', 'hrlead', 'owner'] as const) twoApp[user] = await ApiClient.login(apps.url, user, FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await Promise.all([servers.demo?.close(), options.apps ? servers.apps?.close() : undefined]);
    fixture?.remove();
  });
}

export interface BudgetRow {
  entity_id: string;
  account_id: string;
  period: string;
  amount: string;
  comment: string | null;
}

/** One budget line as the warehouse holds it, in the API's canonical text. */
export async function budgetRow(lineId: number): Promise<BudgetRow> {
  const { rows } = await runSql(
    servers.demo.runtime.warehouse,
    sql`SELECT entity_id, account_id, CAST(period AS VARCHAR) AS period, amount, comment FROM budget_lines WHERE line_id = ${lineId}`,
  );
  if (!rows[0]) throw new Error(`no budget line ${lineId}`);
  return rows[0] as unknown as BudgetRow;
}

/** An update of one budget line that expects exactly what the warehouse holds now. */
export async function budgetUpdate(lineId: number, set: Partial<BudgetRow>) {
  const current = await budgetRow(lineId);
  const expect = Object.fromEntries(Object.keys(set).map((column) => [column, current[column as keyof BudgetRow]]));
  return { op: 'update', key: { line_id: lineId }, set, expect };
}

export async function storeRow(storeId: number) {
  const { rows } = await runSql(servers.apps.runtime.warehouse, sql`SELECT region, name, target FROM stores WHERE store_id = ${storeId}`);
  return rows[0] as { region: string | null; name: string; target: string } | undefined;
}

/** A legitimate write that an attack case builds on; fails the case if it is refused. */
export async function commit(client: ApiClient, path: string, body: unknown): Promise<string> {
  const response = await client.request('POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.changesetId as string;
}

export const commitBudget = async (client: ApiClient, ...changes: unknown[]) => commit(client, CHANGESETS, { changes });

/** Submits a new amount for one budget line for approval; returns the pending request's id. */
export async function submitBudget(client: ApiClient, lineId: number, amount: string): Promise<string> {
  const response = await client.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(lineId, { amount })], reason: `plan ${amount}` });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.requestId as string;
}

export async function act(client: ApiClient, requestId: string, action: 'approve' | 'reject' | 'withdraw', body: unknown = {}) {
  const response = await client.request('POST', approvalPath(requestId, action), body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { status: string; changesetId: string | null };
}

/** Calls the API with `Authorization: Bearer <secret>` and optional extra headers. */
export function bearer(server: TestServer, secret: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new ApiClient(server.url).request(method, path, body, { authorization: `Bearer ${secret}`, ...headers });
}

/** A request with exactly these headers (no stored cookie or CSRF token added). */
export async function raw(server: TestServer, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiResponse> {
  return new ApiClient(server.url).request(method, path, body, headers);
}

export async function createToken(server: TestServer, owner: ApiClient, body: Record<string, unknown>) {
  const response = await owner.request('POST', '/api/tokens', body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { token: { id: string }; secret: string };
}

/**
 * How many budget lines of partner1's entities match `where`: what a partner's
 * query may return at most. Counted in the warehouse, so earlier cases that
 * legitimately moved lines between entities do not break later ones.
 */
export async function ownLineCount(where = 'TRUE'): Promise<number> {
  const own = PARTNER1_ENTITIES.map((e) => `'${e}'`).join(', ');
  const { rows } = await servers.demo.runtime.warehouse.query(`SELECT count(*) AS n FROM budget_lines WHERE entity_id IN (${own}) AND (${where})`);
  return Number(rows[0]!.n);
}

/** Table rows as `[name, case]` pairs, so that `%s` puts each case's full name in its title. */
export const named = <T extends { name: string }>(cases: readonly T[]) => cases.map((c) => [c.name, c] as const);

export const entitiesOf = (rows: { entity_id: string }[]) => [...new Set(rows.map((r) => r.entity_id))].sort();

/** A case that must be refused with `status code`, leaving the server unchanged. */
export interface Refusal<P = any> {
  name: string;
  /** Legitimate set-up the attack needs (writes by other users, tokens); runs before the state is captured. */
  prepare?: () => Promise<P>;
  attack: (prepared: P) => Promise<ApiResponse>;
  status: number;
  code: ErrorCode;
  /** Further checks on the refusal (e.g. that it reveals no value). */
  verify?: (response: ApiResponse, prepared: P) => void | Promise<void>;
}

export async function runRefusal(server: TestServer, tables: readonly string[], c: Refusal): Promise<void> {
  const prepared = c.prepare ? await c.prepare() : undefined;
  const response = await leavesNothingChanged(server, tables, () => c.attack(prepared));
  expectRefused(response, c.status, c.code);
  await c.verify?.(response, prepared);
}

/** A read that must answer, but with nothing the user may not see, and change nothing. */
export interface Read<P = any> {
  name: string;
  prepare?: () => Promise<P>;
  attack: (prepared: P) => Promise<ApiResponse>;
  check: (body: any, prepared: P) => void | Promise<void>;
}

export async function runRead(server: TestServer, tables: readonly string[], c: Read): Promise<void> {
  const prepared = c.prepare ? await c.prepare() : undefined;
  const response = await leavesNothingChanged(server, tables, () => c.attack(prepared));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  await c.check(response.body, prepared);
}

export const p1Query = (body: unknown, path = BUDGET_QUERY) => as.partner1.request('POST', path, body);
export const p1Dataset = (dataset: string, body: unknown) => as.partner1.query('budget', dataset, body);
export const onlyOwnEntities = (body: any) => {
  for (const row of body.rows as { entity_id: string }[]) expect(PARTNER1_ENTITIES).toContain(row.entity_id);
};

/** An error body with `details.key` replaced: two refusals that differ only in the key the user sent are the same answer. */
export const withKey = (body: { error: { details: Record<string, unknown> } }, key: Record<string, unknown>) => ({
  ...body,
  error: { ...body.error, details: { ...body.error.details, key } },
});

/**
 * The `totals` row of a dataset the user may read nothing of: its sums are
 * over no rows, NULL in SQL and 0 on ClickHouse; either way no figure.
 */
export function expectNoFigures(rows: Record<string, unknown>[]): void {
  expect(rows).toHaveLength(1);
  expect(Object.keys(rows[0]!).sort()).toEqual(['actual', 'budget', 'variance']);
  expect(Object.values(rows[0]!).every((v) => v === null || Number(v) === 0)).toBe(true);
}
