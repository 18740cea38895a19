import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The demo's scenario modelling app through the API: the analyst's scenario vehicle ranks in its
// segment, a price change moves it, and only the owner may change a scenario, within the rule's range;
// "save as" copies a scenario the user may read into a new one of theirs (generated id), two compare
// side by side, and a scenario joins the product plan only through approval.

describe.each(ENGINES)('scenario modelling app on $name', (engine) => {
  let server: TestServer;
  let analyst: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [analyst, admin] = await Promise.all([ApiClient.login(server.url, 'analyst'), ApiClient.login(server.url, 'admin')]);
  }, 120_000);
  afterAll(() => server?.close());

  const price = async () => Number((await server.runtime.warehouse.query('SELECT price FROM scenarios WHERE scenario_id = 1')).rows[0]!.price);
  const setPrice = (client: ApiClient, from: number, to: number) =>
    client.changeset('scenarios', 'scenarios', { changes: [{ op: 'update', key: { scenario_id: 1 }, set: { price: to }, expect: { price: from } }] });

  it('ranks the scenario vehicle in its segment and moves it when its price changes', async () => {
    const rank = async () => {
      const response = await analyst.query('scenarios', 'ranking', { params: { scenario: 1 } });
      expect(response.status).toBe(200);
      return (response.body.rows as Record<string, unknown>[]).findIndex((r) => r.vehicle === 'Base case');
    };
    const before = await rank();
    expect(before).toBeGreaterThanOrEqual(0);
    expect((await setPrice(analyst, 42000, 20000)).status).toBe(200);
    expect(await rank()).toBeLessThan(before);
    expect((await setPrice(analyst, 20000, 42000)).status).toBe(200);
  });

  it("refuses a write to another user's scenario and a price outside the range", async () => {
    expect((await setPrice(admin, 42000, 30000)).status).not.toBe(200);
    expect((await setPrice(analyst, 42000, 5000)).status).toBe(422);
    expect(await price()).toBe(42000);
  });

  const run = (client: ApiClient, action: string, params: Record<string, unknown>) =>
    client.request('POST', `/api/apps/scenarios/actions/${action}/run`, { params });
  const count = async (sql: string) => Number((await server.runtime.warehouse.query(sql)).rows[0]!.n);

  it('saves a copy of a scenario under a new name with a generated id, and hands the id to the page', async () => {
    const saved = await run(analyst, 'save_as', { scenario: 1, name: 'Long range' });
    expect(saved.status).toBe(200);
    const id = Number(saved.body.set.scenario);
    expect(id).toBeGreaterThanOrEqual(100);
    expect(saved.body.changesetId).toEqual(expect.any(String));
    const row = (await server.runtime.warehouse.query(`SELECT owner, name, segment, price, range_km, status FROM scenarios WHERE scenario_id = ${id}`))
      .rows[0]!;
    expect({ ...row, price: Number(row.price), range_km: Number(row.range_km) }).toEqual({
      owner: 'analyst',
      name: 'Long range',
      segment: 'midsize',
      price: 42000,
      range_km: 450,
      status: 'draft',
    });
    // Only the analyst's own scenarios are listed, the copy among them.
    const mine = await analyst.query('scenarios', 'my_scenarios');
    expect((mine.body.rows as { name: string }[]).map((r) => r.name)).toEqual(['Base case', 'Aggressive price', 'Long range']);
    expect((await admin.query('scenarios', 'my_scenarios')).body.rows).toEqual([]);
  });

  it('answers an insert that leaves the key to the warehouse with the generated key', async () => {
    const values = {
      owner: 'analyst',
      name: 'Typed in',
      segment: 'suv',
      price: 50000,
      range_km: 500,
      battery_kwh: 90,
      lease_monthly: 600,
      lease_months: 48,
      status: 'draft',
    };
    const inserted = await analyst.changeset('scenarios', 'scenarios', { changes: [{ op: 'insert', values }] });
    expect(inserted.status).toBe(200);
    expect(inserted.body.keys).toEqual([{ scenario_id: expect.any(Number) }]);
    const id = inserted.body.keys[0].scenario_id as number;
    expect(await count(`SELECT count(*) AS n FROM scenarios WHERE scenario_id = ${id} AND name = 'Typed in'`)).toBe(1);
  });

  it('refuses to copy a scenario the user may not read, and writes nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM scenarios');
    const refused = await run(admin, 'save_as', { scenario: 1, name: 'Stolen' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('WF_ACTION_FAILED');
    expect(refused.body.error.details.cause.code).toBe('ROW_NOT_FOUND');
    expect(await count('SELECT count(*) AS n FROM scenarios')).toBe(before);
  });

  it('compares two scenarios side by side: each ranked in its own segment', async () => {
    const response = await analyst.query('scenarios', 'position', { params: { scenario: 1, other: 2 } });
    expect(response.status).toBe(200);
    const [base, aggressive] = response.body.rows as Record<string, unknown>[];
    expect([base!.name, aggressive!.name]).toEqual(['Base case', 'Aggressive price']);
    // Cheaper, with a lower lease rate and the same range: a better value, a higher share, a better rank.
    expect(Number(aggressive!.score)).toBeGreaterThan(Number(base!.score));
    expect(Number(aggressive!.share_pct)).toBeGreaterThan(Number(base!.share_pct));
    expect(Number(aggressive!.position)).toBeLessThanOrEqual(Number(base!.position));
    expect(Number(base!.vehicles)).toBe(Number(aggressive!.vehicles));
    expect(Number(aggressive!.price_vs_segment_pct)).toBeLessThan(Number(base!.price_vs_segment_pct));
  });

  it('promotes a scenario into the product plan only through approval', async () => {
    const direct = await analyst.changeset('scenarios', 'plan_vehicles', {
      changes: [
        {
          op: 'insert',
          values: { scenario_id: 2, name: 'x', segment: 'midsize', price: 1, range_km: 1, battery_kwh: 1, lease_monthly: 1, promoted_by: 'analyst' },
        },
      ],
    });
    expect(direct.status).toBe(403);
    const submitted = await run(analyst, 'promote', { scenario: 2 });
    expect(submitted.status).toBe(200);
    expect(submitted.body.changesetId).toBeNull();
    expect(submitted.body.requestId).toEqual(expect.any(String));
    expect(await count('SELECT count(*) AS n FROM plan_vehicles')).toBe(0);
    const approved = await admin.request('POST', `/api/approvals/${submitted.body.requestId}/approve`, {});
    expect(approved.status).toBe(200);
    const plan = (await server.runtime.warehouse.query('SELECT scenario_id, name, price, promoted_by FROM plan_vehicles')).rows;
    expect(plan.map((r) => ({ ...r, scenario_id: Number(r.scenario_id), price: Number(r.price) }))).toEqual([
      { scenario_id: 2, name: 'Aggressive price', price: 36000, promoted_by: 'analyst' },
    ]);
  });
});
