import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { FIXTURE_PASSWORD, regionProject, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount, tableFingerprint } from '../support/warehouse-probe.js';

const update = (key: Record<string, unknown>, set: Record<string, unknown>, expect: Record<string, unknown>) => ({ op: 'update', key, set, expect });
const history = (lineId: number) => `/api/apps/budget/tables/budget_lines/history?key=${encodeURIComponent(JSON.stringify({ line_id: lineId }))}`;

async function snapshot(server: TestServer, table: string) {
  return { table: await tableFingerprint(server.runtime, table), audit: await auditCounts(server.runtime) };
}

describe('the budget app', () => {
  let server: TestServer;
  let partner1: ApiClient;
  let viewer: ApiClient;
  let director: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    [partner1, viewer, director] = await Promise.all([
      ApiClient.login(server.url, 'partner1'),
      ApiClient.login(server.url, 'viewer'),
      ApiClient.login(server.url, 'director'),
    ]);
  });
  afterAll(() => server?.close());

  /** Sends a changeset that must be refused, and proves nothing was written or audited. */
  async function refused(client: ApiClient, body: unknown, table = 'budget_lines') {
    const before = await snapshot(server, 'budget_lines');
    const response = await client.changeset('budget', table, body);
    expect(await snapshot(server, 'budget_lines')).toEqual(before);
    return response;
  }

  it("lets a finance partner change amount and comment of their own entity's row", async () => {
    const amount = await budgetAmount(server.runtime, 5);
    const response = await partner1.changeset('budget', 'budget_lines', {
      changes: [update({ line_id: 5 }, { amount: '4321', comment: 'own row' }, { amount, comment: null })],
    });
    expect(response.status).toBe(200);
    expect(await budgetAmount(server.runtime, 5)).toBe('4321.00');
  });

  it("refuses a finance partner's change to another entity's row exactly as one to a row that does not exist", async () => {
    const amount = await budgetAmount(server.runtime, 2401);
    const response = await refused(partner1, { changes: [update({ line_id: 2401 }, { amount: '1' }, { amount })] });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ROW_NOT_FOUND');
    expect(response.body.error.details.rows).toEqual([{ changeIndex: 0, key: { line_id: 2401 } }]);
    expect(await budgetAmount(server.runtime, 2401)).toBe(amount);
    const missing = await refused(partner1, { changes: [update({ line_id: 987654 }, { amount: '1' }, { amount })] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(response.body.error.message);
    expect(missing.body.error.details.rows).toEqual([{ changeIndex: 0, key: { line_id: 987654 } }]);
  });

  it.each(['entity_id', 'account_id', 'period'])('refuses a finance partner writing the non-editable column %s', async (column) => {
    const current = { entity_id: 'E01', account_id: '4000', period: '2025-05-01' }[column];
    const next = { entity_id: 'E02', account_id: '4100', period: '2026-05-01' }[column];
    const response = await refused(partner1, { changes: [update({ line_id: 5 }, { [column]: next }, { [column]: current })] });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_FORBIDDEN_COLUMN');
    expect(response.body.error.details).toMatchObject({ columns: [column], editable: expect.arrayContaining(['amount', 'comment']) });
  });

  it("refuses moving a row into another partner's entity, even together with an allowed column", async () => {
    const amount = await budgetAmount(server.runtime, 6);
    const response = await refused(partner1, { changes: [update({ line_id: 6 }, { amount: '77', entity_id: 'E06' }, { amount, entity_id: 'E01' })] });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_FORBIDDEN_COLUMN');
    const { rows } = await server.runtime.warehouse.query('SELECT entity_id FROM budget_lines WHERE line_id = 6');
    expect(rows).toEqual([{ entity_id: 'E01' }]);
  });

  it('refuses inserts and deletes by a finance partner', async () => {
    const insert = await refused(partner1, {
      changes: [{ op: 'insert', values: { line_id: 700001, entity_id: 'E01', account_id: '6400', period: '2026-01-01', amount: '1' } }],
    });
    expect([insert.status, insert.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_OPERATION']);
    const remove = await refused(partner1, { changes: [{ op: 'delete', key: { line_id: 7 }, expect: {} }] });
    expect([remove.status, remove.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_OPERATION']);
  });

  it('refuses every write by a viewer', async () => {
    const amount = await budgetAmount(server.runtime, 8);
    const attempts = [
      { changes: [update({ line_id: 8 }, { amount: '1' }, { amount })] },
      { changes: [{ op: 'insert', values: { line_id: 700002, entity_id: 'E01', account_id: '6400', period: '2026-01-01', amount: '1' } }] },
      { changes: [{ op: 'delete', key: { line_id: 8 }, expect: {} }] },
    ];
    for (const body of attempts) {
      const response = await refused(viewer, body);
      expect([response.status, response.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_OPERATION']);
    }
    const mapping = await refused(viewer, { changes: [update({ account_id: '8100' }, { pl_line_id: 'FIN' }, { pl_line_id: null })] }, 'account_pl_map');
    expect([mapping.status, mapping.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_OPERATION']);
  });

  it('writes nothing when a changeset mixes an allowed and a forbidden row', async () => {
    const [own, other] = await Promise.all([budgetAmount(server.runtime, 9), budgetAmount(server.runtime, 2402)]);
    const response = await refused(partner1, {
      changes: [update({ line_id: 9 }, { amount: '123' }, { amount: own }), update({ line_id: 2402 }, { amount: '456' }, { amount: other })],
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ROW_NOT_FOUND');
    expect(response.body.error.details.rows.map((r: { changeIndex: number }) => r.changeIndex)).toEqual([1]);
    expect(await Promise.all([budgetAmount(server.runtime, 9), budgetAmount(server.runtime, 2402)])).toEqual([own, other]);
  });

  it('shows a finance partner only the rows of their entities, whatever the filter', async () => {
    const all = await partner1.query('budget', 'budget_lines', { withTotal: true, limit: 10_000 });
    expect(all.body.total).toBe(2400);
    expect([...new Set(all.body.rows.map((r: { entity_id: string }) => r.entity_id))].sort()).toEqual(['E01', 'E02', 'E03', 'E04', 'E05']);

    const otherEntity = await partner1.query('budget', 'budget_lines', { filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }], withTotal: true });
    expect(otherEntity.body).toMatchObject({ rows: [], total: 0 });
    const otherLine = await partner1.query('budget', 'budget_lines', { filters: [{ column: 'line_id', op: 'eq', value: 2401 }], withTotal: true });
    expect(otherLine.body).toMatchObject({ rows: [], total: 0 });
    const mixed = await partner1.query('budget', 'budget_lines', {
      filters: [{ column: 'entity_id', op: 'in', value: ['E05', 'E06', 'E40'] }],
      withTotal: true,
    });
    expect(mixed.body.total).toBe(480);

    const everything = await director.query('budget', 'budget_lines', { withTotal: true, limit: 1 });
    expect(everything.body.total).toBe(19_200);
  });

  it("refuses the history of another entity's row and shows the history of an own row", async () => {
    const other = await partner1.request('GET', history(2401));
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('ROW_NOT_FOUND');
    const own = await partner1.request('GET', history(5));
    expect(own.status).toBe(200);
    expect(own.body.changes).toEqual(expect.arrayContaining([expect.objectContaining({ user: 'partner1', column: 'amount', new: '4321.00' })]));
  });

  it('lets the director change any entity and any column', async () => {
    const amount = await budgetAmount(server.runtime, 2403);
    const response = await director.changeset('budget', 'budget_lines', {
      changes: [update({ line_id: 2403 }, { amount: '10', account_id: '4100' }, { amount, account_id: '4000' })],
    });
    expect(response.status).toBe(200);
    expect(await budgetAmount(server.runtime, 2403)).toBe('10.00');
  });
});

describe('a row policy on an editable column', () => {
  let fixture: FixtureProject;
  let server: TestServer;
  let north: ApiClient;
  let boss: ApiClient;

  beforeAll(async () => {
    fixture = await regionProject();
    server = await startTestServer({ projectDir: fixture.dir });
    north = await ApiClient.login(server.url, 'north', FIXTURE_PASSWORD);
    boss = await ApiClient.login(server.url, 'boss', FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
    fixture?.remove();
  });

  const region = async (storeId: number) => {
    const { rows } = await server.runtime.warehouse.query('SELECT region FROM stores WHERE store_id = $1', [storeId]);
    return rows[0]?.region;
  };

  async function refused(body: unknown) {
    const before = await snapshot(server, 'stores');
    const response = await north.changeset('stores', 'stores', body);
    expect(await snapshot(server, 'stores')).toEqual(before);
    return response;
  }

  it("refuses moving a row from an allowed region to one outside the user's regions", async () => {
    const response = await refused({ changes: [update({ store_id: 1 }, { region: 'south' }, { region: 'north' })] });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_FORBIDDEN_ROW');
    expect(response.body.error.details.rows).toEqual([{ changeIndex: 0, key: { store_id: 1 }, message: expect.stringContaining('move the row outside') }]);
    expect(await region(1)).toBe('north');
  });

  it("allows moving a row between two of the user's regions", async () => {
    const response = await north.changeset('stores', 'stores', { changes: [update({ store_id: 2 }, { region: 'north' }, { region: 'east' })] });
    expect(response.status).toBe(200);
    expect(await region(2)).toBe('north');
  });

  it("refuses pulling a row from outside the user's regions into them", async () => {
    const response = await refused({ changes: [update({ store_id: 3 }, { region: 'north' }, { region: 'south' })] });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_FORBIDDEN_ROW');
    expect(await region(3)).toBe('south');
  });

  it("refuses inserting a row outside the user's regions and accepts one inside", async () => {
    const outside = await refused({ changes: [{ op: 'insert', values: { store_id: 10, region: 'south', name: 'Quay', target: '5' } }] });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('GOV_FORBIDDEN_ROW');
    expect(await region(10)).toBeUndefined();

    const inside = await north.changeset('stores', 'stores', {
      changes: [{ op: 'insert', values: { store_id: 11, region: 'east', name: 'Quay', target: '5' } }],
    });
    expect(inside.status).toBe(200);
    expect(await region(11)).toBe('east');
  });

  it('refuses every call to an app the user has no role for with 403 GOV_FORBIDDEN_APP', async () => {
    const guest = await ApiClient.login(server.url, 'guest', FIXTURE_PASSWORD);
    expect((await guest.request('GET', '/api/apps')).body).toEqual({ apps: [] });
    const before = await snapshot(server, 'stores');
    const calls = [
      await guest.request('GET', '/api/apps/stores'),
      await guest.query('stores', 'stores', {}),
      await guest.changeset('stores', 'stores', { changes: [update({ store_id: 1 }, { name: 'Taken' }, { name: 'Harbour Street' })] }),
      await guest.request('GET', `/api/apps/stores/tables/stores/history?key=${encodeURIComponent('{"store_id":1}')}`),
    ];
    expect(calls.map((c) => `${c.status} ${c.body.error?.code}`)).toEqual(Array(4).fill('403 GOV_FORBIDDEN_APP'));
    expect(await snapshot(server, 'stores')).toEqual(before);
  });

  it('lets a role without a row policy move any row', async () => {
    const response = await boss.changeset('stores', 'stores', { changes: [update({ store_id: 3 }, { region: 'west' }, { region: 'south' })] });
    expect(response.status).toBe(200);
    expect(await region(3)).toBe('west');
  });
});
