/**
 * The attack suite: every case is a request an attacker could send. Each one
 * must be refused with its stable code (never a 5xx), or, for reads, answer
 * without a single row of data the user may not see, and leave the warehouse
 * tables, the audit, users, tokens and sessions exactly as they were.
 *
 * Demo facts used throughout: partner1 reads and edits amount/comment of
 * entities E01–E05 (budget lines 1–2400); lines 2401–2880 are E06 and
 * 2881–3360 are E07, both partner2's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors/index.js';
import { ApiClient } from '../support/api-client.js';
import { openEventStream } from '../support/event-stream.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { sendRawTarget } from './raw-http.js';
import { captureState, expectRefused, leavesNothingChanged, type ApiResponse } from './state-probe.js';
import { twoAppProject } from './two-app-project.js';

const DEMO_TABLES = ['budget_lines', 'journal_lines', 'account_pl_map'];
const FIXTURE_TABLES = ['stores', 'salaries'];
const PARTNER1_ENTITIES = ['E01', 'E02', 'E03', 'E04', 'E05'];
const BUDGET = '/api/apps/budget';
const CHANGESETS = `${BUDGET}/tables/budget_lines/changesets`;
const BUDGET_QUERY = `${BUDGET}/datasets/budget_lines/query`;
const JOURNAL_QUERY = `${BUDGET}/datasets/journal_lines/query`;
const revertPath = (changesetId: string, app = 'budget', table = 'budget_lines') => `/api/apps/${app}/tables/${table}/changesets/${changesetId}/revert`;
const historyPath = (key: unknown, app = 'budget', table = 'budget_lines') =>
  `/api/apps/${app}/tables/${table}/history?key=${encodeURIComponent(typeof key === 'string' ? key : JSON.stringify(key))}`;
const SUBMISSIONS = `${BUDGET}/tables/budget_lines/submissions`;
const approvalPath = (requestId: string, action: 'approve' | 'reject' | 'withdraw') => `/api/approvals/${requestId}/${action}`;
const EPOCH = '2020-01-01T00:00:00Z';
const TOMORROW = () => new Date(Date.now() + 24 * 3600 * 1000).toISOString();

let demo: TestServer;
let fixture: FixtureProject;
let apps: TestServer;

type DemoUser = 'partner1' | 'partner2' | 'director' | 'admin' | 'viewer' | 'cfo';
const as = {} as Record<DemoUser, ApiClient>;
type FixtureUser = 'planner' | 'manager' | 'hrlead' | 'owner';
const twoApp = {} as Record<FixtureUser, ApiClient>;

beforeAll(async () => {
  fixture = await twoAppProject();
  [demo, apps] = await Promise.all([startTestServer(), startTestServer({ projectDir: fixture.dir })]);
  for (const user of ['partner1', 'partner2', 'director', 'admin', 'viewer', 'cfo'] as const) as[user] = await ApiClient.login(demo.url, user);
  for (const user of ['planner', 'manager', 'hrlead', 'owner'] as const) twoApp[user] = await ApiClient.login(apps.url, user, FIXTURE_PASSWORD);
});
afterAll(async () => {
  await Promise.all([demo?.close(), apps?.close()]);
  fixture?.remove();
});

interface BudgetRow {
  entity_id: string;
  account_id: string;
  period: string;
  amount: string;
  comment: string | null;
}

/** One budget line as the warehouse holds it, in the API's canonical text. */
async function budgetRow(lineId: number): Promise<BudgetRow> {
  const { rows } = await demo.runtime.warehouse.query(
    'SELECT entity_id, account_id, CAST(period AS VARCHAR) AS period, CAST(amount AS VARCHAR) AS amount, comment FROM budget_lines WHERE line_id = $1',
    [lineId],
  );
  if (!rows[0]) throw new Error(`no budget line ${lineId}`);
  return rows[0] as unknown as BudgetRow;
}

/** An update of one budget line that expects exactly what the warehouse holds now. */
async function budgetUpdate(lineId: number, set: Partial<BudgetRow>) {
  const current = await budgetRow(lineId);
  const expect = Object.fromEntries(Object.keys(set).map((column) => [column, current[column as keyof BudgetRow]]));
  return { op: 'update', key: { line_id: lineId }, set, expect };
}

async function storeRow(storeId: number) {
  const { rows } = await apps.runtime.warehouse.query('SELECT region, name, CAST(target AS VARCHAR) AS target FROM stores WHERE store_id = $1', [storeId]);
  return rows[0] as { region: string | null; name: string; target: string } | undefined;
}

/** A legitimate write that an attack case builds on; fails the case if it is refused. */
async function commit(client: ApiClient, path: string, body: unknown): Promise<string> {
  const response = await client.request('POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.changesetId as string;
}

const commitBudget = async (client: ApiClient, ...changes: unknown[]) => commit(client, CHANGESETS, { changes });

/** Submits a new amount for one budget line for approval; returns the pending request's id. */
async function submitBudget(client: ApiClient, lineId: number, amount: string): Promise<string> {
  const response = await client.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(lineId, { amount })], reason: `plan ${amount}` });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.requestId as string;
}

async function act(client: ApiClient, requestId: string, action: 'approve' | 'reject' | 'withdraw', body: unknown = {}) {
  const response = await client.request('POST', approvalPath(requestId, action), body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { status: string; changesetId: string | null };
}

/** Calls the API with `Authorization: Bearer <secret>` and optional extra headers. */
function bearer(server: TestServer, secret: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new ApiClient(server.url).request(method, path, body, { authorization: `Bearer ${secret}`, ...headers });
}

/** A request with exactly these headers (no stored cookie or CSRF token added). */
async function raw(server: TestServer, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiResponse> {
  return new ApiClient(server.url).request(method, path, body, headers);
}

async function createToken(server: TestServer, owner: ApiClient, body: Record<string, unknown>) {
  const response = await owner.request('POST', '/api/tokens', body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { token: { id: string }; secret: string };
}

/**
 * How many budget lines of partner1's entities match `where`: what a partner's
 * query may return at most. Counted in the warehouse, so earlier cases that
 * legitimately moved lines between entities do not break later ones.
 */
async function ownLineCount(where = 'TRUE'): Promise<number> {
  const own = PARTNER1_ENTITIES.map((e) => `'${e}'`).join(', ');
  const { rows } = await demo.runtime.warehouse.query(`SELECT count(*) AS n FROM budget_lines WHERE entity_id IN (${own}) AND (${where})`);
  return Number(rows[0]!.n);
}

/** Table rows as `[name, case]` pairs, so that `%s` puts each case's full name in its title. */
const named = <T extends { name: string }>(cases: readonly T[]) => cases.map((c) => [c.name, c] as const);

const entitiesOf = (rows: { entity_id: string }[]) => [...new Set(rows.map((r) => r.entity_id))].sort();

/** A case that must be refused with `status code`, leaving the server unchanged. */
interface Refusal<P = any> {
  name: string;
  /** Legitimate set-up the attack needs (writes by other users, tokens); runs before the state is captured. */
  prepare?: () => Promise<P>;
  attack: (prepared: P) => Promise<ApiResponse>;
  status: number;
  code: ErrorCode;
  /** Further checks on the refusal (e.g. that it reveals no value). */
  verify?: (response: ApiResponse, prepared: P) => void | Promise<void>;
}

async function runRefusal(server: TestServer, tables: readonly string[], c: Refusal): Promise<void> {
  const prepared = c.prepare ? await c.prepare() : undefined;
  const response = await leavesNothingChanged(server, tables, () => c.attack(prepared));
  expectRefused(response, c.status, c.code);
  await c.verify?.(response, prepared);
}

/** A read that must answer, but with nothing the user may not see, and change nothing. */
interface Read<P = any> {
  name: string;
  prepare?: () => Promise<P>;
  attack: (prepared: P) => Promise<ApiResponse>;
  check: (body: any, prepared: P) => void | Promise<void>;
}

async function runRead(server: TestServer, tables: readonly string[], c: Read): Promise<void> {
  const prepared = c.prepare ? await c.prepare() : undefined;
  const response = await leavesNothingChanged(server, tables, () => c.attack(prepared));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  await c.check(response.body, prepared);
}

const p1Query = (body: unknown, path = BUDGET_QUERY) => as.partner1.request('POST', path, body);
const p1Dataset = (dataset: string, body: unknown) => as.partner1.query('budget', dataset, body);
const onlyOwnEntities = (body: any) => {
  for (const row of body.rows as { entity_id: string }[]) expect(PARTNER1_ENTITIES).toContain(row.entity_id);
};

describe("other entities' rows: reads through filters, sort, datasets, history and live events", () => {
  const READS: Read[] = [
    {
      name: 'filter entity_id eq E10',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'eq', value: 'E10' }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'filter entity_id gte E06',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'gte', value: 'E06' }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'filter entity_id ne E01 (a negation widens nothing)',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'ne', value: 'E01' }], withTotal: true, limit: 10_000 }),
      check: async (b) => {
        expect(b.total).toBe(await ownLineCount("entity_id <> 'E01'"));
        expect(entitiesOf(b.rows)).toEqual(['E02', 'E03', 'E04', 'E05']);
      },
    },
    {
      name: "contains 'E1' on entity_id (only others' entities match)",
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'contains', value: 'E1' }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: "'in' list of every other entity",
      attack: () =>
        p1Query({
          filters: [{ column: 'entity_id', op: 'in', value: Array.from({ length: 35 }, (_, i) => `E${String(i + 6).padStart(2, '0')}`) }],
          withTotal: true,
        }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'line_id range over partner2 lines (gte 2401, lte 4800)',
      attack: () =>
        p1Query({
          filters: [
            { column: 'line_id', op: 'gte', value: 2401 },
            { column: 'line_id', op: 'lte', value: 4800 },
          ],
          withTotal: true,
        }),
      check: async (b) => {
        expect(b.total).toBe(await ownLineCount('line_id BETWEEN 2401 AND 4800'));
        onlyOwnEntities(b);
      },
    },
    {
      name: 'notNull on entity_id (a filter true for every row)',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'notNull' }], withTotal: true, limit: 1 }),
      check: async (b) => expect(b.total).toBe(await ownLineCount()),
    },
    {
      name: 'sort by entity_id desc: the first row is still the own last entity',
      attack: () => p1Query({ sort: [{ column: 'entity_id', direction: 'desc' }], limit: 1 }),
      check: (b) => expect(b.rows.map((r: { entity_id: string }) => r.entity_id)).toEqual(['E05']),
    },
    {
      name: 'sort by amount desc (the biggest lines of all entities)',
      attack: () => p1Query({ sort: [{ column: 'amount', direction: 'desc' }], limit: 200 }),
      check: (b) => onlyOwnEntities(b),
    },
    {
      name: 'paging past the last own row',
      attack: async () => p1Query({ sort: [{ column: 'line_id', direction: 'asc' }], offset: await ownLineCount(), limit: 100 }),
      check: (b) => expect(b.rows).toEqual([]),
    },
    {
      name: 'journal_lines dataset filtered to E06',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }], withTotal: true }, JOURNAL_QUERY),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'journal_lines dataset sorted by entity desc',
      attack: () => p1Query({ sort: [{ column: 'entity_id', direction: 'desc' }], limit: 50 }, JOURNAL_QUERY),
      check: (b) => expect(entitiesOf(b.rows)).toEqual(['E05']),
    },
    {
      name: 'totals with parameter entity E09',
      attack: () => p1Dataset('totals', { params: { entity: 'E09' } }),
      check: (b) => expect(b.rows).toEqual([{ actual: null, budget: null, variance: null }]),
    },
    {
      name: 'monthly with parameter entity E06',
      attack: () => p1Dataset('monthly', { params: { entity: 'E06' } }),
      check: (b) => {
        for (const row of b.rows) expect(row).toMatchObject({ actual: null, budget: null });
      },
    },
    {
      name: 'variance_by_entity filtered to E06 shows the entity but none of its figures',
      attack: () => p1Dataset('variance_by_entity', { filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }] }),
      check: (b) => expect(b.rows).toEqual([expect.objectContaining({ entity_id: 'E06', actual: null, budget: null, variance: null, variance_pct: null })]),
    },
    {
      name: 'variance_by_entity filtered to rows with a budget (notNull on an aggregate)',
      attack: () => p1Dataset('variance_by_entity', { filters: [{ column: 'budget', op: 'notNull' }] }),
      check: (b) => expect(entitiesOf(b.rows)).toEqual(PARTNER1_ENTITIES),
    },
    {
      name: "contains on a comment only another entity's row carries",
      prepare: async () => commitBudget(as.director, await budgetUpdate(2411, { comment: 'zq-marker-E06 confidential' })),
      attack: () => p1Query({ filters: [{ column: 'comment', op: 'contains', value: 'zq-marker' }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'asOf 2020 filtered to E06',
      attack: () => p1Query({ asOf: EPOCH, filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: "asOf before the director's edit of an E06 line",
      prepare: async () => {
        const before = new Date(Date.now() - 1000).toISOString();
        await commitBudget(as.director, await budgetUpdate(2405, { amount: '4242.00' }));
        return before;
      },
      attack: (before: string) => p1Query({ asOf: before, filters: [{ column: 'line_id', op: 'eq', value: 2405 }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'asOf before a line moved from E06 into E01: the past row stays hidden',
      prepare: async () => {
        const before = new Date(Date.now() - 1000).toISOString();
        await commitBudget(as.director, await budgetUpdate(2406, { entity_id: 'E01' }));
        const now = await p1Query({ filters: [{ column: 'line_id', op: 'eq', value: 2406 }] });
        expect(now.body.rows).toHaveLength(1);
        return before;
      },
      attack: (before: string) => p1Query({ asOf: before, filters: [{ column: 'line_id', op: 'eq', value: 2406 }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
  ];

  it.each(named(READS))('a partner reading %s gets only own rows', (_name, c) => runRead(demo, DEMO_TABLES, c));

  const plannerQuery = (dataset: string, body: unknown) => twoApp.planner.query('plans', dataset, body);
  const ownRegions = (rows: { region: string }[]) => {
    for (const row of rows) expect(['north', 'east']).toContain(row.region);
  };
  const PLANNER_READS: Read[] = [
    {
      name: 'stores filtered to south',
      attack: () => plannerQuery('stores', { filters: [{ column: 'region', op: 'eq', value: 'south' }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'stores sorted by region desc',
      attack: () => plannerQuery('stores', { sort: [{ column: 'region', direction: 'desc' }] }),
      check: (b) => {
        ownRegions(b.rows);
        for (const row of b.rows) expect(row).not.toHaveProperty('margin');
      },
    },
    {
      name: 'region_targets with parameter region south',
      attack: () => plannerQuery('region_targets', { params: { region: 'south' } }),
      check: (b) => expect(b.rows).toEqual([]),
    },
    { name: 'region_targets of every region', attack: () => plannerQuery('region_targets', {}), check: (b) => ownRegions(b.rows) },
  ];

  it.each(named(PLANNER_READS))('a planner reading %s gets only own regions', (_name, c) => runRead(apps, FIXTURE_TABLES, c));

  const REFUSED: Refusal[] = [
    {
      name: 'history of an E06 line the director changed',
      prepare: async () => commitBudget(as.director, await budgetUpdate(2407, { comment: 'zq-history-secret' })),
      attack: () => as.partner1.request('GET', historyPath({ line_id: 2407 })),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
      verify: (r) => expect(JSON.stringify(r.body)).not.toContain('zq-history-secret'),
    },
    {
      name: 'history with the key as a string',
      attack: () => as.partner1.request('GET', historyPath({ line_id: '2401' })),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
    },
    {
      name: 'history with a duplicated key name smuggling an E06 line',
      attack: () => as.partner1.request('GET', historyPath('{"line_id":5,"line_id":2401}')),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
    },
    {
      name: 'table diff over every entity',
      attack: () =>
        as.partner1.request('GET', `${BUDGET}/tables/budget_lines/diff?from=${encodeURIComponent(EPOCH)}&to=${encodeURIComponent(new Date().toISOString())}`),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
    },
  ];

  it.each(named(REFUSED))('refuses a partner reading %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  it("live events carry only the keys of the partner's own rows", async () => {
    const stream = await openEventStream(demo.url, as.partner1.cookie);
    try {
      const mixed = await commitBudget(as.director, await budgetUpdate(11, { comment: 'seen' }), await budgetUpdate(2415, { comment: 'unseen' }));
      const hidden = await commitBudget(as.director, await budgetUpdate(2416, { comment: 'unseen' }));
      const marker = await commitBudget(as.director, await budgetUpdate(14, { comment: 'marker' }));
      await leavesNothingChanged(demo, DEMO_TABLES, async () => {
        await stream.waitFor((e) => e.data?.changesetId === marker);
        const changes = stream.events.filter((e) => e.event === 'change').map((e) => e.data as { changesetId: string; keys: { line_id: number }[] });
        expect(changes.find((c) => c.changesetId === mixed)?.keys).toEqual([{ line_id: 11 }]);
        expect(changes.map((c) => c.changesetId)).not.toContain(hidden);
        expect(changes.flatMap((c) => c.keys).filter((k) => k.line_id > 2400)).toEqual([]);
      });
    } finally {
      stream.close();
    }
  });
});

describe("other entities' rows: writes", () => {
  const REFUSED: Refusal[] = [
    {
      name: 'a comment on an E10 line',
      attack: async () => as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(4800, { comment: 'mine now' })] }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'an E06 line addressed with a string key',
      attack: async () =>
        as.partner1.changeset('budget', 'budget_lines', { changes: [{ ...(await budgetUpdate(2401, { amount: '1' })), key: { line_id: '2401' } }] }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'an E06 line first, then an own line, in one changeset',
      attack: async () =>
        as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(2402, { amount: '2' }), await budgetUpdate(15, { amount: '3' })] }),
      status: 404,
      code: 'ROW_NOT_FOUND',
      verify: (r) => expect(r.body.error.details.rows.map((row: { changeIndex: number }) => row.changeIndex)).toEqual([0]),
    },
    {
      name: "probing an E06 line's amount through expect: right and wrong guesses get the same answer",
      attack: async () => {
        const right = await as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(2403, { amount: '1' })] });
        const wrong = await as.partner1.changeset('budget', 'budget_lines', {
          changes: [{ op: 'update', key: { line_id: 2403 }, set: { amount: '1' }, expect: { amount: '0.01' } }],
        });
        expect(wrong.body).toEqual(right.body);
        return right;
      },
      status: 404,
      code: 'ROW_NOT_FOUND',
      verify: async (r) => expect(JSON.stringify(r.body)).not.toContain((await budgetRow(2403)).amount),
    },
    {
      name: 'a delete of an E06 line',
      attack: async () => as.partner1.changeset('budget', 'budget_lines', { changes: [{ op: 'delete', key: { line_id: 2404 }, expect: {} }] }),
      status: 403,
      code: 'GOV_FORBIDDEN_OPERATION',
    },
    {
      name: 'an insert of an E06 line',
      attack: () =>
        as.partner1.changeset('budget', 'budget_lines', {
          changes: [{ op: 'insert', values: { line_id: 900001, entity_id: 'E06', account_id: '4000', period: '2026-01-01', amount: '5' } }],
        }),
      status: 403,
      code: 'GOV_FORBIDDEN_OPERATION',
    },
    {
      name: "a revert of the director's change to an E06 line",
      prepare: async () => commitBudget(as.director, await budgetUpdate(2412, { amount: '12.00' })),
      attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: "a revert of partner2's own change to an E07 line",
      prepare: async () => commitBudget(as.partner2, await budgetUpdate(2900, { amount: '29.00' })),
      attack: (id: string) => as.partner1.request('POST', revertPath(id), { reason: 'undo' }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'a one-row revert picking the E06 line out of a changeset that also touched an own line',
      prepare: async () => commitBudget(as.director, await budgetUpdate(12, { amount: '120.00' }), await budgetUpdate(2413, { amount: '130.00' })),
      attack: (id: string) => as.partner1.request('POST', revertPath(id), { key: { line_id: 2413 } }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: "a replay of partner2's idempotency key and body",
      prepare: async () => {
        // The same body hashes the same: a replay lookup that ignored the user would answer 200 with partner2's changeset.
        const body = { changes: [await budgetUpdate(2901, { amount: '31.00' })], idempotencyKey: 'nightly-import-2901' };
        await commit(as.partner2, CHANGESETS, body);
        return body;
      },
      attack: (body: unknown) => as.partner1.changeset('budget', 'budget_lines', body),
      status: 404,
      code: 'ROW_NOT_FOUND',
      verify: (r) => expect(r.body).not.toHaveProperty('changesetId'),
    },
    {
      name: 'a write to the read-only journal_lines table',
      attack: () =>
        as.partner1.changeset('budget', 'journal_lines', {
          changes: [{ op: 'update', key: { journal_id: 1 }, set: { amount: '0' }, expect: { amount: '1' } }],
        }),
      status: 403,
      code: 'GOV_FORBIDDEN_OPERATION',
    },
  ];

  it.each(named(REFUSED))('refuses a partner writing %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));
});

describe('non-editable columns', () => {
  const REFUSED: Refusal[] = [
    {
      name: 'a partner setting the key column line_id',
      attack: () =>
        as.partner1.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: 16 }, set: { line_id: 2402 }, expect: { line_id: 16 } }] }),
      status: 400,
      code: 'WB_INVALID_KEY',
    },
    {
      name: 'a partner setting amount together with account_id',
      attack: async () => as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(17, { amount: '17', account_id: '4100' })] }),
      status: 403,
      code: 'GOV_FORBIDDEN_COLUMN',
    },
    {
      name: 'a partner writing AMOUNT in capitals',
      attack: () =>
        as.partner1.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: 18 }, set: { AMOUNT: '1' }, expect: { AMOUNT: '0' } }] }),
      status: 400,
      code: 'WB_UNKNOWN_COLUMN',
    },
    {
      name: 'a partner writing a quoted "entity_id"',
      attack: () =>
        as.partner1.changeset('budget', 'budget_lines', {
          changes: [{ op: 'update', key: { line_id: 19 }, set: { '"entity_id"': 'E06' }, expect: { '"entity_id"': 'E01' } }],
        }),
      status: 400,
      code: 'WB_UNKNOWN_COLUMN',
    },
    {
      name: 'the cfo editing the P&L mapping (director and admin only)',
      attack: () =>
        as.cfo.changeset('budget', 'account_pl_map', {
          changes: [{ op: 'update', key: { account_id: '8100' }, set: { pl_line_id: 'FIN' }, expect: { pl_line_id: null } }],
        }),
      status: 403,
      code: 'GOV_FORBIDDEN_OPERATION',
    },
    {
      name: "the director renaming the mapping's key account_id",
      attack: () =>
        as.director.changeset('budget', 'account_pl_map', {
          changes: [{ op: 'update', key: { account_id: '8100' }, set: { account_id: '8101' }, expect: { account_id: '8100' } }],
        }),
      status: 400,
      code: 'WB_INVALID_KEY',
    },
    {
      name: 'the director editing journal_lines, which has no write policy',
      attack: () =>
        as.director.changeset('budget', 'journal_lines', {
          changes: [{ op: 'update', key: { journal_id: 1 }, set: { amount: '0' }, expect: { amount: '1' } }],
        }),
      status: 403,
      code: 'GOV_FORBIDDEN_OPERATION',
    },
    {
      name: "a partner reverting the director's account_id change on an own line",
      prepare: async () => commitBudget(as.director, await budgetUpdate(13, { account_id: '4100' })),
      attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
      status: 403,
      code: 'GOV_FORBIDDEN_COLUMN',
    },
  ];

  it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  const HIDDEN: Refusal[] = [
    {
      name: 'the manager writing the unexposed column margin',
      attack: () =>
        twoApp.manager.changeset('plans', 'stores', { changes: [{ op: 'update', key: { store_id: 1 }, set: { margin: '0.99' }, expect: { margin: '0.15' } }] }),
      status: 400,
      code: 'WB_UNKNOWN_COLUMN',
    },
    {
      name: 'a planner inserting a store with a margin',
      attack: () =>
        twoApp.planner.changeset('plans', 'stores', {
          changes: [{ op: 'insert', values: { store_id: 30, region: 'north', name: 'Margin', target: '1', margin: '0.5' } }],
        }),
      status: 400,
      code: 'WB_UNKNOWN_COLUMN',
    },
    {
      name: 'a planner filtering on the unexposed column margin',
      attack: () => twoApp.planner.query('plans', 'stores', { filters: [{ column: 'margin', op: 'gt', value: 0 }] }),
      status: 400,
      code: 'QRY_UNKNOWN_COLUMN',
    },
    {
      name: 'a planner sorting by the unexposed column margin',
      attack: () => twoApp.planner.query('plans', 'stores', { sort: [{ column: 'margin', direction: 'desc' }] }),
      status: 400,
      code: 'QRY_UNKNOWN_COLUMN',
    },
  ];

  it.each(named(HIDDEN))('refuses %s', (_name, c) => runRefusal(apps, FIXTURE_TABLES, c));
});

describe("moving a row out of one's scope on insert or update", () => {
  const update = (storeId: number, set: Record<string, unknown>, expect: Record<string, unknown>) => ({
    op: 'update',
    key: { store_id: storeId },
    set,
    expect,
  });
  const planner = (body: unknown) => twoApp.planner.changeset('plans', 'stores', body);

  const REFUSED: Refusal[] = [
    {
      name: "changing a north store's region to 'NORTH' (case differs)",
      attack: () => planner({ changes: [update(1, { region: 'NORTH' }, { region: 'north' })] }),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
    },
    {
      name: "clearing an east store's region to null",
      attack: () => planner({ changes: [update(2, { region: null }, { region: 'east' })] }),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
    },
    {
      name: 'two steps on one row: north to east (allowed), then east to south',
      attack: () => planner({ changes: [update(5, { region: 'east' }, { region: 'north' }), update(5, { region: 'south' }, { region: 'east' })] }),
      status: 400,
      code: 'WB_DUPLICATE_ROW',
      verify: async () => expect((await storeRow(5))?.region).toBe('north'),
    },
    {
      name: 'an allowed rename next to a move to west',
      attack: () => planner({ changes: [update(6, { name: 'Castle Gate 2' }, { name: 'Castle Gate' }), update(1, { region: 'west' }, { region: 'north' })] }),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
      verify: async () => expect(await storeRow(6)).toMatchObject({ region: 'east', name: 'Castle Gate' }),
    },
    {
      name: "inserting a store in 'north ' (trailing space)",
      attack: () => planner({ changes: [{ op: 'insert', values: { store_id: 20, region: 'north ', name: 'Spoof', target: '1' } }] }),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
    },
    {
      name: 'inserting a store without a region',
      attack: () => planner({ changes: [{ op: 'insert', values: { store_id: 21, name: 'Nowhere', target: '1' } }] }),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
    },
    {
      name: "inserting over a south store's key with an allowed region",
      attack: () => planner({ changes: [{ op: 'insert', values: { store_id: 3, region: 'north', name: 'Hijack', target: '1' } }] }),
      status: 409,
      code: 'WB_KEY_EXISTS',
      verify: async () => expect(await storeRow(3)).toMatchObject({ region: 'south', name: 'Station Road' }),
    },
    {
      name: "reverting the manager's move of a west store into north (the revert moves it out again)",
      prepare: () => commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', { changes: [update(4, { region: 'north' }, { region: 'west' })] }),
      attack: (id: string) => twoApp.planner.request('POST', revertPath(id, 'plans', 'stores'), {}),
      status: 403,
      code: 'GOV_FORBIDDEN_ROW',
      verify: async () => expect((await storeRow(4))?.region).toBe('north'),
    },
    {
      name: 'reverting an own rename after the manager moved the store away',
      prepare: async () => {
        const own = await commit(twoApp.planner, '/api/apps/plans/tables/stores/changesets', {
          changes: [update(2, { name: 'Mill Lane North' }, { name: 'Mill Lane' })],
        });
        await commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', { changes: [update(2, { region: 'south' }, { region: 'east' })] });
        return own;
      },
      attack: (id: string) => twoApp.planner.request('POST', revertPath(id, 'plans', 'stores'), {}),
      status: 404,
      code: 'ROW_NOT_FOUND',
      verify: (r) => expect(JSON.stringify(r.body)).not.toContain('south'),
    },
  ];

  it.each(named(REFUSED))('refuses a planner %s', (_name, c) => runRefusal(apps, FIXTURE_TABLES, c));

  it('refuses a partner moving a line back to E06 by reverting the move that brought it in', async () => {
    await runRefusal(demo, DEMO_TABLES, {
      name: 'revert of a move into scope',
      prepare: async () => commitBudget(as.director, await budgetUpdate(2414, { entity_id: 'E02' })),
      attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
      status: 403,
      code: 'GOV_FORBIDDEN_COLUMN',
      verify: async () => expect((await budgetRow(2414)).entity_id).toBe('E02'),
    });
  });
});

describe('forged user ids and attributes', () => {
  /** A changeset on an E06 line: it would only pass if a forged identity widened partner1's policy. */
  const foreign = () => budgetUpdate(2420, { amount: '20.00' });
  const p1Changeset = (body: unknown, headers: Record<string, string> = {}, path = CHANGESETS) => as.partner1.request('POST', path, body, headers);

  const REFUSED: Refusal[] = [
    {
      name: "a top-level user: 'director'",
      attack: async () => p1Changeset({ changes: [await foreign()], user: 'director' }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: "a top-level userId: 'director'",
      attack: async () => p1Changeset({ changes: [await foreign()], userId: 'director' }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: "a top-level username: 'admin'",
      attack: async () => p1Changeset({ changes: [await foreign()], username: 'admin' }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'top-level attributes granting E06',
      attack: async () => p1Changeset({ changes: [await foreign()], attributes: { entities: ['E06'] } }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a top-level entities list',
      attack: async () => p1Changeset({ changes: [await foreign()], entities: ['E01', 'E06'] }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a user field inside the change',
      attack: async () => p1Changeset({ changes: [{ ...(await foreign()), user: { username: 'director', roles: ['finance_director'] } }] }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a username cell in set',
      attack: async () =>
        p1Changeset({
          changes: [
            {
              op: 'update',
              key: { line_id: 2420 },
              set: { amount: '20', username: 'director' },
              expect: { amount: (await budgetRow(2420)).amount, username: null },
            },
          ],
        }),
      status: 400,
      code: 'WB_UNKNOWN_COLUMN',
    },
    {
      name: 'a user field in a query body',
      attack: () => p1Query({ user: 'director', filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }] }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'an entities list as a dataset parameter',
      attack: () => p1Dataset('totals', { params: { entities: ['E06', 'E07'] } }),
      status: 400,
      code: 'REQ_INVALID',
    },
    { name: 'a user dataset parameter', attack: () => p1Dataset('totals', { params: { user: 'director' } }), status: 400, code: 'QRY_INVALID_PARAM' },
    {
      name: 'user and entities in the query string',
      attack: async () => p1Changeset({ changes: [await foreign()] }, {}, `${CHANGESETS}?user=director&entities=E06`),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'an X-Forwarded-User: director header',
      attack: async () => p1Changeset({ changes: [await foreign()] }, { 'x-forwarded-user': 'director' }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'an X-Roundtrip-User: admin header',
      attack: async () => p1Changeset({ changes: [await foreign()] }, { 'x-roundtrip-user': 'admin' }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'proxy identity headers on an admin route',
      attack: () =>
        as.partner1.request('GET', '/api/admin/users', undefined, {
          'remote-user': 'admin',
          'x-remote-user': 'admin',
          'x-auth-request-user': 'admin',
          'x-forwarded-email': 'admin@example.com',
          'x-roundtrip-roles': 'admin',
        }),
      status: 403,
      code: 'GOV_FORBIDDEN_ADMIN',
    },
    {
      name: 'a preview-as-director header on a query',
      attack: () => as.partner1.request('POST', BUDGET_QUERY, {}, { 'x-roundtrip-preview-as': 'director' }),
      status: 403,
      code: 'GOV_FORBIDDEN_ADMIN',
    },
    {
      name: 'a preview-as-director header on a changeset',
      attack: async () => p1Changeset({ changes: [await foreign()] }, { 'x-roundtrip-preview-as': 'director' }),
      status: 403,
      code: 'GOV_FORBIDDEN_ADMIN',
    },
    {
      name: 'a __proto__ carrying roles inside a change',
      attack: async () => p1Changeset(`{"changes":[${JSON.stringify(await foreign()).slice(0, -1)},"__proto__":{"roles":["admin"],"entities":["E06"]}}]}`),
      status: 400,
      code: 'REQ_MALFORMED_JSON',
    },
    {
      name: 'a constructor.prototype carrying attributes',
      attack: async () => p1Changeset(`{"changes":[${JSON.stringify(await foreign())}],"constructor":{"prototype":{"attributes":{"entities":["E06"]}}}}`),
      status: 400,
      code: 'REQ_MALFORMED_JSON',
    },
    {
      name: 'a login that asks for the admin role',
      attack: () => raw(demo, 'POST', '/api/auth/login', {}, { username: 'partner1', password: 'demo', roles: ['admin'] }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a token requested for another user',
      attack: () => as.partner1.request('POST', '/api/tokens', { name: 'for director', apps: ['*'], access: 'write', userId: 'director' }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a revert on behalf of the director',
      prepare: async () => commitBudget(as.director, await budgetUpdate(2421, { amount: '21.00' })),
      attack: (id: string) => as.partner1.request('POST', revertPath(id), { user: 'director' }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a partner granting themself E06 through the admin API',
      attack: () => as.partner1.request('PATCH', '/api/admin/users/partner1', { attributes: { entities: [...PARTNER1_ENTITIES, 'E06'] } }),
      status: 403,
      code: 'GOV_FORBIDDEN_ADMIN',
    },
    {
      name: 'a partner creating an admin user',
      attack: () => as.partner1.request('POST', '/api/admin/users', { username: 'shadow', password: 'a long enough password', roles: ['admin'] }),
      status: 403,
      code: 'GOV_FORBIDDEN_ADMIN',
    },
    {
      name: 'a login brute force rotating X-Forwarded-For',
      attack: async () => {
        for (let attempt = 1; attempt <= 10; attempt += 1) {
          const failed = await raw(
            demo,
            'POST',
            '/api/auth/login',
            { 'x-forwarded-for': `203.0.113.${attempt}` },
            { username: 'partner7', password: `guess-${attempt}` },
          );
          expect(failed.status).toBe(401);
        }
        return raw(demo, 'POST', '/api/auth/login', { 'x-forwarded-for': '198.51.100.7' }, { username: 'partner7', password: 'demo' });
      },
      status: 429,
      code: 'AUTH_RATE_LIMITED',
      verify: (r) => expect(r.headers.get('set-cookie')).toBeNull(),
    },
  ];

  it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  it.each([
    ['x-forwarded-user', 'director'],
    ['x-roundtrip-user', 'admin'],
  ])('a partner query with %s: %s still sees only own rows', (header, value) =>
    runRead(demo, DEMO_TABLES, {
      name: header,
      attack: () =>
        as.partner1.request(
          'POST',
          BUDGET_QUERY,
          { filters: [{ column: 'entity_id', op: 'in', value: ['E06', 'E07', 'E01'] }], withTotal: true, limit: 1000 },
          { [header]: value },
        ),
      check: async (b) => {
        expect(b.total).toBe(await ownLineCount("entity_id = 'E01'"));
        expect(entitiesOf(b.rows)).toEqual(['E01']);
      },
    }),
  );

  it('control: a write carrying forged identity is audited as the real user', async () => {
    const body = { changes: [await budgetUpdate(21, { comment: 'forged headers' })] };
    const response = await as.partner1.request('POST', `${CHANGESETS}?user=director`, body, { 'x-forwarded-user': 'director', 'x-roundtrip-user': 'director' });
    expect(response.status).toBe(200);
    const { rows } = await demo.runtime.warehouse.query('SELECT user_id, username FROM roundtrip_audit.changesets WHERE changeset_id = $1', [
      response.body.changesetId,
    ]);
    expect(rows).toEqual([{ user_id: 'partner1', username: 'partner1' }]);
    const history = await as.partner1.request('GET', historyPath({ line_id: 21 }));
    expect(history.body.changes.map((c: { user: string }) => c.user)).toEqual(['partner1']);
  });
});

describe('approval chains: staged writes and who may approve them', () => {
  const REFUSED: Refusal[] = [
    {
      name: 'a direct changeset holding the idempotency key an approved request is applied under',
      prepare: () => submitBudget(as.partner1, 40, '30000.00'),
      attack: async (requestId: string) =>
        as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(41, { amount: '1.00' })], idempotencyKey: `approval:${requestId}` }),
      status: 400,
      code: 'REQ_INVALID',
      verify: async (_r, requestId: string) => {
        await act(as.partner2, requestId, 'approve');
        const applied = await act(as.director, requestId, 'approve');
        expect(applied.status).toBe('applied');
        expect((await budgetRow(40)).amount).toBe('30000.00');
        const { rows } = await demo.runtime.warehouse.query('SELECT DISTINCT row_key FROM roundtrip_audit.cell_changes WHERE changeset_id = $1', [
          applied.changesetId,
        ]);
        expect(rows).toEqual([{ row_key: '{"line_id":40}' }]);
      },
    },
    {
      name: 'a revert holding the idempotency key an approved request is applied under',
      prepare: async () => ({
        requestId: await submitBudget(as.partner1, 42, '20000.00'),
        changesetId: await commitBudget(as.partner1, await budgetUpdate(43, { comment: 'to revert' })),
      }),
      attack: ({ requestId, changesetId }: { requestId: string; changesetId: string }) =>
        as.partner1.request('POST', revertPath(changesetId), { idempotencyKey: `approval:${requestId}` }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a submission for an E06 line',
      attack: async () => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(2440, { amount: '10.00' })] }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'a submission moving an own line to E06',
      attack: async () => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(44, { entity_id: 'E06' })] }),
      status: 403,
      code: 'GOV_FORBIDDEN_COLUMN',
    },
    {
      name: 'a submission naming its submitter',
      attack: async () => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(45, { amount: '45.00' })], submittedBy: 'director' }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'the submitter approving their own request',
      prepare: () => submitBudget(as.partner1, 46, '1000.00'),
      attack: (id: string) => as.partner1.request('POST', approvalPath(id, 'approve'), {}),
      status: 403,
      code: 'WF_SELF_APPROVAL',
    },
    {
      name: "the submitter approving the director's level as the director's delegate",
      prepare: async () => {
        expect((await as.director.request('PUT', '/api/approvals/delegation', { delegate: 'partner1', until: TOMORROW() })).status).toBe(200);
        const id = await submitBudget(as.partner1, 47, '30000.00');
        await act(as.partner2, id, 'approve');
        return id;
      },
      attack: (id: string) => as.partner1.request('POST', approvalPath(id, 'approve'), { comment: 'as the director' }),
      status: 403,
      code: 'WF_SELF_APPROVAL',
      verify: async () => expect((await as.director.request('DELETE', '/api/approvals/delegation')).status).toBe(200),
    },
    {
      name: 'an approval claiming to act for the director',
      prepare: () => submitBudget(as.partner1, 48, '1000.00'),
      attack: (id: string) => as.partner2.request('POST', approvalPath(id, 'approve'), { onBehalfOf: 'director' }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a viewer approving',
      prepare: () => submitBudget(as.partner1, 49, '1000.00'),
      attack: (id: string) => as.viewer.request('POST', approvalPath(id, 'approve'), {}),
      status: 403,
      code: 'WF_NOT_APPROVER',
    },
    {
      name: "a viewer reading a request's detail",
      prepare: () => submitBudget(as.partner1, 50, '1000.00'),
      attack: (id: string) => as.viewer.request('GET', `/api/approvals/${id}`),
      status: 404,
      code: 'WF_REQUEST_NOT_FOUND',
    },
    {
      name: "another partner withdrawing partner1's request",
      prepare: () => submitBudget(as.partner1, 51, '1000.00'),
      attack: (id: string) => as.partner2.request('POST', approvalPath(id, 'withdraw'), {}),
      status: 403,
      code: 'WF_NOT_SUBMITTER',
    },
    {
      name: "resubmitting partner2's rejected request as one's own",
      prepare: async () => {
        const id = await submitBudget(as.partner2, 2950, '2950.00');
        await act(as.partner1, id, 'reject', { reason: 'no' });
        return id;
      },
      attack: async (id: string) => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(52, { amount: '52.00' })], resubmits: id }),
      status: 403,
      code: 'WF_NOT_SUBMITTER',
    },
    {
      name: 'a read token approving',
      prepare: async () => ({
        id: await submitBudget(as.partner1, 53, '1000.00'),
        secret: (await createToken(demo, as.partner2, { name: 'inbox reader', apps: ['*'], access: 'read' })).secret,
      }),
      attack: ({ id, secret }: { id: string; secret: string }) => bearer(demo, secret, 'POST', approvalPath(id, 'approve'), {}),
      status: 403,
      code: 'AUTH_TOKEN_SCOPE',
    },
    {
      name: 'a write token setting a delegation',
      prepare: async () => (await createToken(demo, as.partner2, { name: 'automation', apps: ['*'], access: 'write' })).secret,
      attack: (secret: string) => bearer(demo, secret, 'PUT', '/api/approvals/delegation', { delegate: 'partner3', until: TOMORROW() }),
      status: 403,
      code: 'AUTH_TOKEN_SCOPE',
    },
    {
      name: 'a delegation to oneself',
      attack: () => as.partner1.request('PUT', '/api/approvals/delegation', { delegate: 'partner1', until: TOMORROW() }),
      status: 400,
      code: 'REQ_INVALID',
    },
  ];

  it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  it('refuses the submitter bulk-approving their own request, per request, and changes nothing', () =>
    runRead(demo, DEMO_TABLES, {
      name: 'bulk self-approval',
      prepare: () => submitBudget(as.partner1, 60, '1000.00'),
      attack: (id: string) => as.partner1.request('POST', '/api/approvals/bulk-approve', { ids: [id, id] }),
      check: (b, id: string) => expect(b.results).toEqual([{ requestId: id, ok: false, error: expect.objectContaining({ code: 'WF_SELF_APPROVAL' }) }]),
    }));
});

describe('cross-app access', () => {
  let payrollChangeset: string;
  const salaryUpdate = { changes: [{ op: 'update', key: { employee_id: 1 }, set: { salary: '1' }, expect: { salary: '52000.00' } }] };

  beforeAll(async () => {
    payrollChangeset = await commit(twoApp.hrlead, '/api/apps/payroll/tables/salaries/changesets', {
      changes: [{ op: 'update', key: { employee_id: 2 }, set: { salary: '62000' }, expect: { salary: '61000.00' } }],
    });
  });

  const planner = (method: string, path: string, body?: unknown) => twoApp.planner.request(method, path, body);
  const forbidden = (name: string, attack: () => Promise<ApiResponse>): Refusal => ({ name, attack, status: 403, code: 'GOV_FORBIDDEN_APP' });

  const REFUSED: Refusal[] = [
    forbidden("a planner reading payroll's definition", () => planner('GET', '/api/apps/payroll')),
    forbidden("a planner querying payroll's SQL dataset", () => planner('POST', '/api/apps/payroll/datasets/payroll_total/query', {})),
    forbidden("a planner querying payroll's salaries table", () => planner('POST', '/api/apps/payroll/datasets/salaries/query', { limit: 10 })),
    forbidden('a planner reading salaries as of 2020', () => planner('POST', '/api/apps/payroll/datasets/salaries/query', { asOf: EPOCH })),
    forbidden('a planner writing a salary', () => planner('POST', '/api/apps/payroll/tables/salaries/changesets', salaryUpdate)),
    forbidden("a planner reading a salary's history", () => planner('GET', historyPath({ employee_id: 2 }, 'payroll', 'salaries'))),
    forbidden('a planner reading the salaries diff', () => planner('GET', `/api/apps/payroll/tables/salaries/diff?from=${encodeURIComponent(EPOCH)}`)),
    forbidden("a planner reverting hrlead's salary change", () => planner('POST', revertPath(payrollChangeset, 'payroll', 'salaries'), {})),
    forbidden('a planner naming a table payroll does not even have', () =>
      planner('POST', '/api/apps/payroll/tables/stores/changesets', {
        changes: [{ op: 'update', key: { store_id: 1 }, set: { name: 'x' }, expect: { name: 'Harbour Street' } }],
      }),
    ),
    forbidden("hrlead reading plans' definition", () => twoApp.hrlead.request('GET', '/api/apps/plans')),
    forbidden('hrlead writing a store', () =>
      twoApp.hrlead.changeset('plans', 'stores', { changes: [{ op: 'update', key: { store_id: 1 }, set: { name: 'x' }, expect: { name: 'Harbour Street' } }] }),
    ),
    {
      name: "a planner writing salaries through plans' path",
      attack: () => planner('POST', '/api/apps/plans/tables/salaries/changesets', salaryUpdate),
      status: 404,
      code: 'TABLE_NOT_FOUND',
    },
    {
      name: "a planner reading a salary's history through plans' path",
      attack: () => planner('GET', historyPath({ employee_id: 2 }, 'plans', 'salaries')),
      status: 404,
      code: 'TABLE_NOT_FOUND',
    },
    {
      name: "a planner reverting the payroll changeset through plans' path",
      attack: () => planner('POST', revertPath(payrollChangeset, 'plans', 'salaries'), {}),
      status: 404,
      code: 'TABLE_NOT_FOUND',
    },
    {
      name: 'a planner reverting the payroll changeset as if it were a stores changeset',
      attack: () => planner('POST', revertPath(payrollChangeset, 'plans', 'stores'), {}),
      status: 404,
      code: 'CHANGESET_NOT_FOUND',
    },
    {
      name: "a planner querying salaries through plans' path",
      attack: () => planner('POST', '/api/apps/plans/datasets/salaries/query', {}),
      status: 404,
      code: 'DATASET_NOT_FOUND',
    },
    {
      name: "a planner running payroll_total through plans' path",
      attack: () => planner('POST', '/api/apps/plans/datasets/payroll_total/query', {}),
      status: 404,
      code: 'DATASET_NOT_FOUND',
    },
    {
      name: "the manager diffing salaries through plans' path",
      attack: () => twoApp.manager.request('GET', `/api/apps/plans/tables/salaries/diff?from=${encodeURIComponent(EPOCH)}`),
      status: 404,
      code: 'TABLE_NOT_FOUND',
    },
  ];

  it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(apps, FIXTURE_TABLES, c));

  it('lists only the apps a user may open', async () => {
    await runRead(apps, FIXTURE_TABLES, {
      name: 'app list',
      attack: () => planner('GET', '/api/apps'),
      check: (b) => expect(b.apps.map((a: { name: string }) => a.name)).toEqual(['plans']),
    });
  });

  it("sends a planner no event of payroll and no key of another region's store", async () => {
    const stream = await openEventStream(apps.url, twoApp.planner.cookie);
    try {
      const salary = await commit(twoApp.hrlead, '/api/apps/payroll/tables/salaries/changesets', {
        changes: [{ op: 'update', key: { employee_id: 3 }, set: { salary: '59000' }, expect: { salary: '58000.00' } }],
      });
      const south = await commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', {
        changes: [{ op: 'update', key: { store_id: 3 }, set: { target: '3100' }, expect: { target: '3000.00' } }],
      });
      const marker = await commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', {
        changes: [{ op: 'update', key: { store_id: 1 }, set: { target: '1100' }, expect: { target: '1000.00' } }],
      });
      await leavesNothingChanged(apps, FIXTURE_TABLES, async () => {
        await stream.waitFor((e) => e.data?.changesetId === marker);
        const seen = stream.events.filter((e) => e.event === 'change').map((e) => e.data as { app: string; changesetId: string });
        expect(seen.map((e) => e.app)).not.toContain('payroll');
        expect(seen.map((e) => e.changesetId)).not.toContain(salary);
        expect(seen.map((e) => e.changesetId)).not.toContain(south);
      });
    } finally {
      stream.close();
    }
  });
});

describe('token scope escalation', () => {
  const secrets = {} as Record<
    'partnerRead' | 'partnerWrite' | 'adminRead' | 'adminWrite' | 'revoked' | 'ownerPlans' | 'plannerPayroll' | 'plannerAll',
    string
  >;
  const ids = {} as Record<'partnerRead' | 'adminWrite', string>;

  beforeAll(async () => {
    const partnerRead = await createToken(demo, as.partner1, { name: 'export', apps: ['budget'], access: 'read' });
    [secrets.partnerRead, ids.partnerRead] = [partnerRead.secret, partnerRead.token.id];
    secrets.partnerWrite = (await createToken(demo, as.partner1, { name: 'loader', apps: ['*'], access: 'write' })).secret;
    secrets.adminRead = (await createToken(demo, as.admin, { name: 'admin reader', apps: ['*'], access: 'read' })).secret;
    const adminWrite = await createToken(demo, as.admin, { name: 'admin writer', apps: ['*'], access: 'write' });
    [secrets.adminWrite, ids.adminWrite] = [adminWrite.secret, adminWrite.token.id];
    const revoked = await createToken(demo, as.partner1, { name: 'revoked', apps: ['*'], access: 'write' });
    expect((await as.partner1.request('DELETE', `/api/tokens/${revoked.token.id}`)).status).toBe(200);
    secrets.revoked = revoked.secret;
    secrets.ownerPlans = (await createToken(apps, twoApp.owner, { name: 'plans only', apps: ['plans'], access: 'write' })).secret;
    secrets.plannerPayroll = (await createToken(apps, twoApp.planner, { name: 'payroll?', apps: ['payroll'], access: 'read' })).secret;
    secrets.plannerAll = (await createToken(apps, twoApp.planner, { name: 'everything', apps: ['*'], access: 'write' })).secret;
  });

  const scope = (name: string, attack: () => Promise<ApiResponse>): Refusal => ({ name, attack, status: 403, code: 'AUTH_TOKEN_SCOPE' });

  const DEMO: Refusal[] = [
    {
      name: 'a read token reverting a changeset',
      prepare: async () => commitBudget(as.partner1, await budgetUpdate(22, { amount: '22.00' })),
      attack: (id: string) => bearer(demo, secrets.partnerRead, 'POST', revertPath(id), {}),
      status: 403,
      code: 'AUTH_TOKEN_SCOPE',
    },
    scope('a read token minting a write token', () =>
      bearer(demo, secrets.partnerRead, 'POST', '/api/tokens', { name: 'stronger', apps: ['*'], access: 'write' }),
    ),
    scope('a read token revoking itself', () => bearer(demo, secrets.partnerRead, 'DELETE', `/api/tokens/${ids.partnerRead}`)),
    scope("an admin's read token creating a user", () =>
      bearer(demo, secrets.adminRead, 'POST', '/api/admin/users', { username: 'tokenmade', password: 'a long enough password', roles: ['admin'] }),
    ),
    scope("an admin's write token granting partner1 every entity", () =>
      bearer(demo, secrets.adminWrite, 'PATCH', '/api/admin/users/partner1', { attributes: { entities: ['E06'] } }),
    ),
    scope("an admin's write token setting the viewer's password", () =>
      bearer(demo, secrets.adminWrite, 'POST', '/api/admin/users/viewer/password', { password: 'attacker-chosen-pw' }),
    ),
    scope("an admin's write token listing every user's tokens", () => bearer(demo, secrets.adminWrite, 'GET', '/api/tokens?all=true')),
    scope("an admin's write token reading the admin changes", () => bearer(demo, secrets.adminWrite, 'GET', '/api/admin/changes')),
    scope('a write token logging its user out everywhere', () => bearer(demo, secrets.partnerWrite, 'POST', '/api/auth/logout-all')),
    scope('a write token ending a session', () => bearer(demo, secrets.partnerWrite, 'POST', '/api/auth/logout')),
    scope('a one-app read token following the event stream', () => bearer(demo, secrets.partnerRead, 'GET', '/api/events')),
    scope("a partner's read token sent with the admin's cookie to an admin route", () =>
      bearer(demo, secrets.partnerRead, 'GET', '/api/admin/users', undefined, { cookie: as.admin.cookie }),
    ),
    scope("a read token sent with its user's cookie and CSRF token to write", async () =>
      bearer(
        demo,
        secrets.partnerRead,
        'POST',
        CHANGESETS,
        { changes: [await budgetUpdate(23, { amount: '23.00' })] },
        { cookie: as.partner1.cookie, 'x-csrf-token': as.partner1.csrfToken },
      ),
    ),
    scope('a read token overriding the method to GET', async () =>
      bearer(demo, secrets.partnerRead, 'POST', CHANGESETS, { changes: [await budgetUpdate(24, { amount: '24.00' })] }, { 'x-http-method-override': 'GET' }),
    ),
    {
      name: "an invalid token next to the admin's valid cookie (no fallback to the cookie)",
      attack: () => bearer(demo, 'rt_forged_forged', 'GET', '/api/admin/users', undefined, { cookie: as.admin.cookie }),
      status: 401,
      code: 'AUTH_TOKEN_INVALID',
    },
    {
      name: 'a revoked write token',
      attack: async () => bearer(demo, secrets.revoked, 'POST', CHANGESETS, { changes: [await budgetUpdate(25, { amount: '25.00' })] }),
      status: 401,
      code: 'AUTH_TOKEN_INVALID',
    },
    {
      name: "one token's id with another token's secret",
      attack: () => bearer(demo, `rt_${ids.adminWrite}_${secrets.partnerRead.split('_').at(-1)}`, 'GET', '/api/apps'),
      status: 401,
      code: 'AUTH_TOKEN_INVALID',
    },
    scope('a token on a percent-encoded path to the token routes', () =>
      bearer(demo, secrets.adminWrite, 'POST', '/api/%74okens', { name: 'encoded', apps: ['*'], access: 'write' }),
    ),
    {
      name: 'a token on an absolute-form request target to an admin route',
      attack: () =>
        sendRawTarget(
          demo.url,
          'POST',
          `${demo.url}/api/admin/users`,
          { authorization: `Bearer ${secrets.adminWrite}` },
          { username: 'absolute', password: 'a long enough password', roles: ['admin'] },
        ),
      status: 403,
      code: 'AUTH_TOKEN_SCOPE',
    },
    {
      name: 'a token on a trailing-slash variant of an admin route',
      attack: () => bearer(demo, secrets.adminWrite, 'GET', '/api/admin/users/'),
      status: 404,
      code: 'ROUTE_NOT_FOUND',
    },
    {
      name: 'a token presented as the session cookie',
      attack: () => raw(demo, 'GET', '/api/apps', { cookie: `rt_session=${secrets.adminWrite}` }),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: 'a token in the query string',
      attack: () => raw(demo, 'GET', `/api/apps?access_token=${encodeURIComponent(secrets.adminWrite)}`, {}),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
  ];

  it.each(named(DEMO))('refuses %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  const FIXTURE: Refusal[] = [
    scope('a plans-only token writing payroll', () =>
      bearer(apps, secrets.ownerPlans, 'POST', '/api/apps/payroll/tables/salaries/changesets', {
        changes: [{ op: 'update', key: { employee_id: 1 }, set: { salary: '1' }, expect: { salary: '52000.00' } }],
      }),
    ),
    scope('a plans-only token reading payroll history', () => bearer(apps, secrets.ownerPlans, 'GET', historyPath({ employee_id: 2 }, 'payroll', 'salaries'))),
    scope('a plans-only token querying payroll', () => bearer(apps, secrets.ownerPlans, 'POST', '/api/apps/payroll/datasets/payroll_total/query', {})),
    {
      name: 'a token naming an app its user may not open',
      attack: () => bearer(apps, secrets.plannerPayroll, 'POST', '/api/apps/payroll/datasets/salaries/query', {}),
      status: 403,
      code: 'GOV_FORBIDDEN_APP',
    },
    {
      name: 'an every-app token writing an app its user may not open',
      attack: () =>
        bearer(apps, secrets.plannerAll, 'POST', '/api/apps/payroll/tables/salaries/changesets', {
          changes: [{ op: 'update', key: { employee_id: 1 }, set: { salary: '1' }, expect: { salary: '52000.00' } }],
        }),
      status: 403,
      code: 'GOV_FORBIDDEN_APP',
    },
  ];

  it.each(named(FIXTURE))('refuses %s', (_name, c) => runRefusal(apps, FIXTURE_TABLES, c));

  it('a plans-only token lists only plans', () =>
    runRead(apps, FIXTURE_TABLES, {
      name: 'app list',
      attack: () => bearer(apps, secrets.ownerPlans, 'GET', '/api/apps'),
      check: (b) => expect(b.apps.map((a: { name: string }) => a.name)).toEqual(['plans']),
    }));
});

describe("CSRF: state-changing requests without the session's X-CSRF-Token", () => {
  type Victim = 'admin' | 'partner2';
  /** Per victim: the session under attack and a second session of the same user. */
  const sessions = {} as Record<Victim, { victim: ApiClient; other: ApiClient }>;
  let victim: ApiClient;

  beforeAll(async () => {
    for (const user of ['admin', 'partner2'] as const) {
      const [mine, other] = await Promise.all([ApiClient.login(demo.url, user), ApiClient.login(demo.url, user)]);
      sessions[user] = { victim: mine, other };
    }
    victim = sessions.admin.victim;
  });

  interface StateChange {
    route: string;
    /** Whose session the forged request rides on: one that may make this request. */
    as: Victim;
    method: string;
    prepare?: () => Promise<string>;
    path: (prepared: string) => string;
    body?: (prepared: string) => Promise<unknown>;
  }

  let revertTargets = 0;

  /** Every state-changing route, each with a request the victim's session may make. */
  const STATE_CHANGES: StateChange[] = [
    { route: 'changeset', as: 'admin', method: 'POST', path: () => CHANGESETS, body: async () => ({ changes: [await budgetUpdate(26, { comment: 'csrf' })] }) },
    {
      route: 'revert',
      as: 'admin',
      method: 'POST',
      prepare: async () => commitBudget(as.admin, await budgetUpdate(27, { comment: `to revert ${(revertTargets += 1)}` })),
      path: revertPath,
      body: async () => ({}),
    },
    { route: 'logout', as: 'admin', method: 'POST', path: () => '/api/auth/logout' },
    { route: 'logout-all', as: 'admin', method: 'POST', path: () => '/api/auth/logout-all' },
    { route: 'token create', as: 'admin', method: 'POST', path: () => '/api/tokens', body: async () => ({ name: 'csrf', apps: ['*'], access: 'write' }) },
    {
      route: 'token revoke',
      as: 'admin',
      method: 'DELETE',
      prepare: async () => (await createToken(demo, as.admin, { name: 'kept', apps: ['*'], access: 'read' })).token.id,
      path: (id) => `/api/tokens/${id}`,
    },
    {
      route: 'admin user create',
      as: 'admin',
      method: 'POST',
      path: () => '/api/admin/users',
      body: async () => ({ username: 'csrfmade', password: 'a long enough password', roles: ['admin'] }),
    },
    { route: 'admin user edit', as: 'admin', method: 'PATCH', path: () => '/api/admin/users/viewer', body: async () => ({ roles: ['admin'] }) },
    {
      route: 'admin password set',
      as: 'admin',
      method: 'POST',
      path: () => '/api/admin/users/viewer/password',
      body: async () => ({ password: 'attacker-chosen-pw' }),
    },
    {
      route: 'submission',
      as: 'partner2',
      method: 'POST',
      path: () => SUBMISSIONS,
      body: async () => ({ changes: [await budgetUpdate(2960, { amount: '2960.00' })] }),
    },
    {
      route: 'approve',
      as: 'partner2',
      method: 'POST',
      prepare: () => submitBudget(as.partner1, 54, '1000.00'),
      path: (id) => approvalPath(id, 'approve'),
      body: async () => ({}),
    },
    {
      route: 'reject',
      as: 'partner2',
      method: 'POST',
      prepare: () => submitBudget(as.partner1, 55, '1000.00'),
      path: (id) => approvalPath(id, 'reject'),
      body: async () => ({ reason: 'forged' }),
    },
    {
      route: 'withdraw',
      as: 'partner2',
      method: 'POST',
      prepare: () => submitBudget(as.partner2, 2961, '1000.00'),
      path: (id) => approvalPath(id, 'withdraw'),
      body: async () => ({}),
    },
    {
      route: 'bulk approve',
      as: 'partner2',
      method: 'POST',
      prepare: () => submitBudget(as.partner1, 56, '1000.00'),
      path: () => '/api/approvals/bulk-approve',
      body: async (id) => ({ ids: [id] }),
    },
    {
      route: 'delegation set',
      as: 'partner2',
      method: 'PUT',
      path: () => '/api/approvals/delegation',
      body: async () => ({ delegate: 'partner3', until: TOMORROW() }),
    },
    {
      route: 'delegation end',
      as: 'partner2',
      method: 'DELETE',
      prepare: async () => {
        expect((await as.partner2.request('PUT', '/api/approvals/delegation', { delegate: 'partner4', until: TOMORROW() })).status).toBe(200);
        return '';
      },
      path: () => '/api/approvals/delegation',
    },
  ];

  const TOKENS: [string, (who: Victim) => string | undefined][] = [
    ['no', () => undefined],
    ['a wrong', () => 'x'.repeat(32)],
    ["another session's", (who) => sessions[who].other.csrfToken],
  ];

  const CASES = STATE_CHANGES.flatMap((change) => TOKENS.map(([label, token]) => ({ name: `${change.route} with ${label} X-CSRF-Token`, change, token })));

  it.each(named(CASES))('refuses %s with 403 AUTH_CSRF', async (_name, { change, token }) => {
    const target = sessions[change.as].victim;
    await runRefusal(demo, DEMO_TABLES, {
      name: change.route,
      prepare: change.prepare,
      attack: async (prepared: string) => {
        const csrf = token(change.as);
        return raw(
          demo,
          change.method,
          change.path(prepared),
          { cookie: target.cookie, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) },
          await change.body?.(prepared),
        );
      },
      status: 403,
      code: 'AUTH_CSRF',
    });
    expect((await target.request('GET', '/api/auth/me')).status).toBe(200);
  });

  const SMUGGLED: Refusal[] = [
    {
      name: 'the right token in the query string',
      attack: async () =>
        raw(demo, 'POST', `${CHANGESETS}?csrfToken=${victim.csrfToken}`, { cookie: victim.cookie }, { changes: [await budgetUpdate(28, { comment: 'q' })] }),
      status: 403,
      code: 'AUTH_CSRF',
    },
    {
      name: 'the right token in the body',
      attack: async () =>
        raw(demo, 'POST', CHANGESETS, { cookie: victim.cookie }, { changes: [await budgetUpdate(28, { comment: 'b' })], csrfToken: victim.csrfToken }),
      status: 403,
      code: 'AUTH_CSRF',
    },
    {
      name: 'the right token as a cookie',
      attack: async () =>
        raw(demo, 'POST', CHANGESETS, { cookie: `${victim.cookie}; rt_csrf=${victim.csrfToken}` }, { changes: [await budgetUpdate(28, { comment: 'c' })] }),
      status: 403,
      code: 'AUTH_CSRF',
    },
    {
      name: 'a truncated token',
      attack: async () =>
        raw(
          demo,
          'POST',
          CHANGESETS,
          { cookie: victim.cookie, 'x-csrf-token': victim.csrfToken.slice(0, -1) },
          { changes: [await budgetUpdate(28, { comment: 't' })] },
        ),
      status: 403,
      code: 'AUTH_CSRF',
    },
    {
      name: 'a method override to GET',
      attack: async () =>
        raw(demo, 'POST', CHANGESETS, { cookie: victim.cookie, 'x-http-method-override': 'GET' }, { changes: [await budgetUpdate(28, { comment: 'm' })] }),
      status: 403,
      code: 'AUTH_CSRF',
    },
    {
      name: 'an absolute-form request target (the auth hook matches the route, not the raw target)',
      attack: async () =>
        sendRawTarget(demo.url, 'POST', `${demo.url}${CHANGESETS}`, { cookie: victim.cookie }, { changes: [await budgetUpdate(28, { comment: 'a' })] }),
      status: 403,
      code: 'AUTH_CSRF',
    },
  ];

  it.each(named(SMUGGLED))('refuses a changeset carrying %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  /** What a page on another site can send without a CORS preflight: GETs and form-encodable POSTs. */
  const CROSS_SITE: Refusal[] = [
    {
      name: 'a logout by GET (an image tag)',
      attack: () => raw(demo, 'GET', '/api/auth/logout', { cookie: victim.cookie }),
      status: 404,
      code: 'ROUTE_NOT_FOUND',
    },
    {
      name: 'a changeset posted as text/plain JSON',
      attack: async () =>
        raw(
          demo,
          'POST',
          CHANGESETS,
          { cookie: victim.cookie, 'content-type': 'text/plain' },
          JSON.stringify({ changes: [await budgetUpdate(28, { comment: 'p' })] }),
        ),
      status: 403,
      code: 'AUTH_CSRF',
    },
    {
      name: "a login into the attacker's account posted as text/plain JSON",
      attack: () => raw(demo, 'POST', '/api/auth/login', { 'content-type': 'text/plain' }, JSON.stringify({ username: 'partner2', password: 'demo' })),
      status: 415,
      code: 'REQ_UNSUPPORTED_MEDIA',
      verify: (r) => expect(r.headers.get('set-cookie')).toBeNull(),
    },
    {
      name: "a login into the attacker's account posted as a form",
      attack: () => raw(demo, 'POST', '/api/auth/login', { 'content-type': 'application/x-www-form-urlencoded' }, 'username=partner2&password=demo'),
      status: 415,
      code: 'REQ_UNSUPPORTED_MEDIA',
      verify: (r) => expect(r.headers.get('set-cookie')).toBeNull(),
    },
  ];

  it.each(named(CROSS_SITE))('refuses %s', async (_name, c) => {
    await runRefusal(demo, DEMO_TABLES, c);
    expect((await victim.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('control: each of these requests succeeds with the right token', async () => {
    const fresh = (user = 'admin') => ApiClient.login(demo.url, user);
    const ok = async (client: ApiClient, method: string, path: string, body?: unknown, status = 200) => {
      const response = await client.request(method, path, body);
      expect({ path, status: response.status }).toEqual({ path, status });
    };
    const admin = await fresh();
    await ok(admin, 'POST', CHANGESETS, { changes: [await budgetUpdate(26, { comment: 'csrf control' })] });
    await ok(admin, 'POST', revertPath(await commitBudget(as.admin, await budgetUpdate(27, { comment: 'control revert' }))), {});
    await ok(admin, 'POST', '/api/tokens', { name: 'control', apps: ['*'], access: 'read' });
    await ok(admin, 'DELETE', `/api/tokens/${(await createToken(demo, as.admin, { name: 'control', apps: ['*'], access: 'read' })).token.id}`);
    await ok(admin, 'POST', '/api/admin/users', { username: 'csrfcontrol', password: 'a long enough password', roles: ['viewer'] });
    await ok(admin, 'PATCH', '/api/admin/users/csrfcontrol', { displayName: 'Control' });
    await ok(admin, 'POST', '/api/admin/users/csrfcontrol/password', { password: 'another long password' });
    await ok(await fresh('partner8'), 'POST', '/api/auth/logout');
    await ok(await fresh('partner8'), 'POST', '/api/auth/logout-all');
    const partner3 = await fresh('partner3');
    await ok(partner3, 'POST', SUBMISSIONS, { changes: [await budgetUpdate(4801, { amount: '4801.00' })] }, 202);
    await ok(partner3, 'POST', approvalPath(await submitBudget(as.partner1, 57, '1000.00'), 'approve'), {});
    await ok(partner3, 'POST', approvalPath(await submitBudget(as.partner1, 58, '1000.00'), 'reject'), { reason: 'control' });
    await ok(partner3, 'POST', approvalPath(await submitBudget(partner3, 4802, '1000.00'), 'withdraw'), {});
    await ok(partner3, 'POST', '/api/approvals/bulk-approve', { ids: [await submitBudget(as.partner1, 59, '1000.00')] });
    await ok(partner3, 'PUT', '/api/approvals/delegation', { delegate: 'partner5', until: TOMORROW() });
    await ok(partner3, 'DELETE', '/api/approvals/delegation');
  });
});

describe('session fixation', () => {
  const me = (cookie: string) => raw(demo, 'GET', '/api/auth/me', { cookie });
  const sessionCookie = (id: string) => `rt_session=${id}`;
  const idOf = (cookie: string) => cookie.replace(/^rt_session=/, '');

  const REFUSED: Refusal[] = [
    {
      name: "an attacker's live session planted in the victim's browser before login",
      prepare: async () => {
        const attacker = await ApiClient.login(demo.url, 'partner2');
        const planted = attacker.cookie;
        const victim = new ApiClient(demo.url);
        victim.cookie = planted;
        const login = await victim.request('POST', '/api/auth/login', { username: 'partner1', password: 'demo' });
        expect(login.status).toBe(200);
        expect(victim.cookie).not.toBe(planted);
        return planted;
      },
      attack: (planted: string) => me(planted),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: 'the old cookie after logging in again as another user',
      prepare: async () => {
        const client = await ApiClient.login(demo.url, 'partner3');
        const old = client.cookie;
        expect((await client.request('POST', '/api/auth/login', { username: 'director', password: 'demo' })).status).toBe(200);
        return old;
      },
      attack: (old: string) => raw(demo, 'GET', '/api/admin/users', { cookie: old }),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: "the previous session's CSRF token with the new cookie",
      prepare: async () => {
        const client = await ApiClient.login(demo.url, 'partner1');
        const oldToken = client.csrfToken;
        expect((await client.request('POST', '/api/auth/login', { username: 'partner1', password: 'demo' })).status).toBe(200);
        expect(client.csrfToken).not.toBe(oldToken);
        return { cookie: client.cookie, oldToken };
      },
      attack: async ({ cookie, oldToken }: { cookie: string; oldToken: string }) =>
        raw(demo, 'POST', CHANGESETS, { cookie, 'x-csrf-token': oldToken }, { changes: [await budgetUpdate(29, { comment: 'fixated' })] }),
      status: 403,
      code: 'AUTH_CSRF',
    },
    {
      name: 'the stored hash of a session id used as the cookie',
      prepare: async () => {
        const client = await ApiClient.login(demo.url, 'partner3');
        const { rows } = await demo.runtime.system.query('SELECT id_hash FROM sessions WHERE user_id = $1', ['partner3']);
        expect(rows.length).toBeGreaterThan(0);
        expect((await me(client.cookie)).status).toBe(200);
        return String(rows.at(-1)!.id_hash);
      },
      attack: (hash: string) => me(sessionCookie(hash)),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: 'a session id sent as an Authorization: Session header',
      prepare: async () => idOf((await ApiClient.login(demo.url, 'partner3')).cookie),
      attack: (id: string) => raw(demo, 'GET', '/api/auth/me', { authorization: `Session ${id}` }),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: 'a session id in the query string',
      prepare: async () => idOf((await ApiClient.login(demo.url, 'partner3')).cookie),
      attack: (id: string) => raw(demo, 'GET', `/api/auth/me?rt_session=${id}`, {}),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: 'a session id under the cookie name in capitals',
      prepare: async () => idOf((await ApiClient.login(demo.url, 'partner3')).cookie),
      attack: (id: string) => raw(demo, 'GET', '/api/auth/me', { cookie: `RT_SESSION=${id}` }),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
    {
      name: 'a logged-out cookie with its CSRF token',
      prepare: async () => {
        const client = await ApiClient.login(demo.url, 'partner3');
        const { cookie, csrfToken } = client;
        expect((await client.request('POST', '/api/auth/logout')).status).toBe(200);
        return { cookie, csrfToken };
      },
      attack: async ({ cookie, csrfToken }: { cookie: string; csrfToken: string }) =>
        raw(demo, 'POST', CHANGESETS, { cookie, 'x-csrf-token': csrfToken }, { changes: [await budgetUpdate(30, { comment: 'zombie' })] }),
      status: 401,
      code: 'AUTH_REQUIRED',
    },
  ];

  it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  it('a login with a planted cookie neither adopts it nor lets it in afterwards', async () => {
    const planted = `rt_session=${'f'.repeat(43)}`;
    const response = await leavesNothingChanged(
      demo,
      DEMO_TABLES,
      () => raw(demo, 'POST', '/api/auth/login', { cookie: planted }, { username: 'partner3', password: 'demo' }),
      { sessions: false },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).not.toContain(planted);
    expectRefused(await me(planted), 401, 'AUTH_REQUIRED');
  });
});

describe('SQL text in values, filters, sort keys and identifiers', () => {
  const enc = encodeURIComponent;
  const UUID = '01234567-89ab-7def-8123-456789abcdef';

  const READS: Read[] = [
    {
      name: 'an eq value closing the quote',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'eq', value: "E01' OR entity_id <> '" }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: "an 'in' item closing the list",
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'in', value: ['E01', "E06') OR ('1'='1"] }], withTotal: true, limit: 1000 }),
      check: async (b) => {
        expect(b.total).toBe(await ownLineCount("entity_id = 'E01'"));
        expect(entitiesOf(b.rows)).toEqual(['E01']);
      },
    },
    {
      name: 'a contains value with an OR',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'contains', value: "' OR '1'='1" }], withTotal: true }),
      check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
    },
    {
      name: 'a dataset parameter widening the WHERE',
      attack: () => p1Dataset('totals', { params: { entity: "E09' OR TRUE OR '" } }),
      check: (b) => expect(b.rows).toEqual([{ actual: null, budget: null, variance: null }]),
    },
  ];

  it.each(named(READS))('binds %s as a plain value', (_name, c) => runRead(demo, DEMO_TABLES, c));

  const REFUSED: Refusal[] = [
    {
      name: 'a filter column with an OR',
      attack: () => p1Query({ filters: [{ column: 'entity_id) OR (1=1', op: 'eq', value: 'E01' }] }),
      status: 400,
      code: 'QRY_UNKNOWN_COLUMN',
    },
    {
      name: 'a quoted filter column',
      attack: () => p1Query({ filters: [{ column: '"entity_id"', op: 'eq', value: 'E06' }] }),
      status: 400,
      code: 'QRY_UNKNOWN_COLUMN',
    },
    {
      name: 'SQL as the filter operator',
      attack: () => p1Query({ filters: [{ column: 'entity_id', op: "= 'E06' OR 1=1 --", value: 'E06' }] }),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a subquery as the sort key',
      attack: () => p1Query({ sort: [{ column: '(SELECT max(entity_id) FROM budget_lines)', direction: 'asc' }] }),
      status: 400,
      code: 'QRY_UNKNOWN_COLUMN',
    },
    { name: 'an ordinal as the sort key', attack: () => p1Query({ sort: [{ column: '1', direction: 'desc' }] }), status: 400, code: 'QRY_UNKNOWN_COLUMN' },
    { name: 'a qualified sort key', attack: () => p1Query({ sort: [{ column: 'q.entity_id', direction: 'asc' }] }), status: 400, code: 'QRY_UNKNOWN_COLUMN' },
    {
      name: 'a CASE expression as the sort key',
      attack: () => p1Query({ sort: [{ column: "CASE WHEN entity_id = 'E06' THEN 0 ELSE 1 END", direction: 'asc' }] }),
      status: 400,
      code: 'QRY_UNKNOWN_COLUMN',
    },
    {
      name: 'a UNION in the dataset name',
      attack: () => as.partner1.request('POST', `${BUDGET}/datasets/${enc('totals UNION SELECT * FROM budget_lines')}/query`, {}),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a warehouse table the app does not declare as the dataset',
      attack: () => as.partner1.query('budget', 'pl_lines', {}),
      status: 404,
      code: 'DATASET_NOT_FOUND',
    },
    {
      name: 'the audit table as the dataset',
      attack: () => as.partner1.request('POST', `${BUDGET}/datasets/${enc('roundtrip_audit.cell_changes')}/query`, {}),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'a warehouse table the app does not declare as the table',
      attack: () =>
        as.director.changeset('budget', 'pl_lines', { changes: [{ op: 'update', key: { pl_line_id: 'REV' }, set: { sign: -1 }, expect: { sign: 1 } }] }),
      status: 404,
      code: 'TABLE_NOT_FOUND',
    },
    {
      name: 'a schema-qualified table name',
      attack: async () =>
        as.director.request('POST', '/api/apps/budget/tables/main.budget_lines/changesets', { changes: [await budgetUpdate(31, { amount: '31' })] }),
      status: 400,
      code: 'REQ_INVALID',
    },
    { name: 'a quote in the app name', attack: () => as.partner1.request('GET', `/api/apps/${enc("budget' OR '1'='1")}`), status: 400, code: 'REQ_INVALID' },
    {
      name: 'an app name in capitals',
      attack: () => as.partner1.request('POST', '/api/apps/BUDGET/datasets/budget_lines/query', {}),
      status: 400,
      code: 'REQ_INVALID',
    },
    { name: 'SQL as the changeset id', attack: () => as.partner1.request('POST', revertPath(enc("' OR 1=1 --")), {}), status: 400, code: 'REQ_INVALID' },
    {
      name: 'a changeset id of 36 hyphens',
      attack: () => as.director.request('POST', revertPath('-'.repeat(36)), {}),
      status: 404,
      code: 'CHANGESET_NOT_FOUND',
    },
    {
      name: 'a history key naming SQL',
      attack: () => as.partner1.request('GET', historyPath('{"line_id = line_id OR 1=1 --":5}')),
      status: 400,
      code: 'WB_INVALID_KEY',
    },
    {
      name: 'a history key value with a UNION',
      attack: () => as.partner1.request('GET', historyPath({ line_id: '5 UNION SELECT 2401' })),
      status: 400,
      code: 'WB_INVALID_KEY',
    },
    { name: 'SQL in asOf', attack: () => p1Query({ asOf: `${EPOCH}' OR 1=1 --` }), status: 400, code: 'REQ_INVALID' },
    { name: 'a function call as asOf', attack: () => p1Query({ asOf: 'now()' }), status: 400, code: 'REQ_INVALID' },
    {
      name: 'SQL in the diff time',
      attack: () => as.director.request('GET', `${BUDGET}/tables/budget_lines/diff?from=${enc(`${EPOCH}'; DELETE FROM budget_lines; --`)}`),
      status: 400,
      code: 'REQ_INVALID',
    },
    {
      name: 'SQL as a revert key column',
      attack: () => as.partner1.request('POST', revertPath(UUID), { key: { 'line_id = 1 OR 1=1': 1 } }),
      status: 400,
      code: 'WB_INVALID_KEY',
    },
    {
      name: 'SQL as the revert column',
      prepare: async () => commitBudget(as.partner1, await budgetUpdate(32, { amount: '32.00' })),
      attack: (id: string) => as.partner1.request('POST', revertPath(id), { key: { line_id: 32 }, column: 'amount = 0, entity_id' }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'SQL as the idempotency key and reason of a forbidden change',
      attack: async () =>
        as.partner1.changeset('budget', 'budget_lines', {
          changes: [await budgetUpdate(2430, { amount: '1' })],
          idempotencyKey: "' OR 1=1 --",
          reason: "'); DELETE FROM roundtrip_audit.changesets; --",
        }),
      status: 404,
      code: 'ROW_NOT_FOUND',
    },
    {
      name: 'an insert key with a DELETE appended',
      attack: () =>
        as.director.changeset('budget', 'budget_lines', {
          changes: [
            { op: 'insert', values: { line_id: '1); DELETE FROM budget_lines; --', entity_id: 'E01', account_id: '4000', period: '2026-01-01', amount: '1' } },
          ],
        }),
      status: 422,
      code: 'WB_VALIDATION',
    },
    {
      name: 'an amount with a subquery',
      attack: () =>
        as.partner1.changeset('budget', 'budget_lines', {
          changes: [{ op: 'update', key: { line_id: 33 }, set: { amount: '(SELECT 1)' }, expect: { amount: '0' } }],
        }),
      status: 422,
      code: 'WB_VALIDATION',
    },
    {
      name: 'SQL as the token id to revoke',
      attack: () => as.partner1.request('DELETE', `/api/tokens/${enc("' OR '1'='1")}`),
      status: 404,
      code: 'TOKEN_NOT_FOUND',
    },
    {
      name: 'SQL as the username to edit',
      attack: () => as.admin.request('PATCH', `/api/admin/users/${enc("viewer' OR '1'='1")}`, { roles: ['admin'] }),
      status: 404,
      code: 'USER_NOT_FOUND',
    },
    {
      name: 'SQL as the login username',
      attack: () => raw(demo, 'POST', '/api/auth/login', {}, { username: "admin' --", password: 'x' }),
      status: 401,
      code: 'AUTH_INVALID_CREDENTIALS',
    },
  ];

  it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(demo, DEMO_TABLES, c));

  it('control: a comment that is SQL is stored verbatim and changes nothing else', async () => {
    const comment = "'); UPDATE budget_lines SET entity_id = 'E01'; DROP TABLE journal_lines; --";
    const fingerprintOthers = async () =>
      (await demo.runtime.warehouse.query('SELECT count(*) AS n, sum(hash(t::VARCHAR)) AS h FROM budget_lines t WHERE line_id <> 34')).rows[0];
    const before = { others: await fingerprintOthers(), state: await captureState(demo, ['journal_lines', 'account_pl_map']) };
    await commitBudget(as.partner1, await budgetUpdate(34, { comment }));
    expect((await budgetRow(34)).comment).toBe(comment);
    expect(await fingerprintOthers()).toEqual(before.others);
    const after = await captureState(demo, ['journal_lines', 'account_pl_map']);
    expect(after.tables).toEqual(before.state.tables);
    expect(after.audit).toEqual({ changesets: before.state.audit.changesets + 1, cells: before.state.audit.cells + 1 });
  });
});
