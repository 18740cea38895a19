import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The demo's scenario modelling app through the API: the analyst's scenario vehicle ranks in its
// segment, a price change moves it, and only the owner may change a scenario, within the rule's range.

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
});
