import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { FIXTURE_PASSWORD, regionProject, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// `withEditable` tells the UI, per row, which columns the user may update in it: the write
// policies evaluated on the row, as the write statement would check them. The planning matrix
// shows cells locked from it; the write itself still decides.

describe.each(ENGINES)('per-row editability on $name', (engine) => {
  let fixture: FixtureProject;
  let stores: TestServer;
  let demo: TestServer;

  beforeAll(async () => {
    fixture = await regionProject();
    [stores, demo] = await Promise.all([startTestServer({ projectDir: fixture.dir, engine }), startTestServer({ engine })]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([stores?.close(), demo?.close()]);
    fixture?.remove();
  });

  const editableByKey = (body: { rows: Record<string, unknown>[]; editable: string[][] }, key: string) =>
    Object.fromEntries(body.rows.map((row, i) => [String(row[key]), [...body.editable[i]!].sort()]));

  it('evaluates row policies per row: a regional user may change the stores of their regions only', async () => {
    const north = await ApiClient.login(stores.url, 'north', FIXTURE_PASSWORD);
    const response = await north.query('stores', 'stores', { withEditable: true, sort: [{ column: 'store_id', direction: 'asc' }] });
    expect(response.status).toBe(200);
    expect(editableByKey(response.body, 'store_id')).toEqual({ '1': ['name', 'region', 'target'], '2': ['name', 'region', 'target'], '3': [] });
    const boss = await ApiClient.login(stores.url, 'boss', FIXTURE_PASSWORD);
    const all = await boss.query('stores', 'stores', { withEditable: true });
    expect(Object.values(editableByKey(all.body, 'store_id'))).toEqual([
      ['name', 'region', 'target'],
      ['name', 'region', 'target'],
      ['name', 'region', 'target'],
    ]);
    // Without the flag nothing extra is sent.
    expect((await north.query('stores', 'stores', {})).body.editable).toBeUndefined();
  });

  it('gives the columns of each role on the demo budget, and none to a reader', async () => {
    const [partner, viewer, director] = await Promise.all([
      ApiClient.login(demo.url, 'partner1'),
      ApiClient.login(demo.url, 'viewer'),
      ApiClient.login(demo.url, 'director'),
    ]);
    const request = { filters: [{ column: 'line_id', op: 'in', value: [1, 2] }], withEditable: true };
    expect(editableByKey((await partner.query('budget', 'budget_lines', request)).body, 'line_id')).toEqual({
      '1': ['amount', 'comment'],
      '2': ['amount', 'comment'],
    });
    expect(editableByKey((await viewer.query('budget', 'budget_lines', request)).body, 'line_id')).toEqual({ '1': [], '2': [] });
    expect(editableByKey((await director.query('budget', 'budget_lines', request)).body, 'line_id')).toEqual({
      '1': ['account_id', 'amount', 'comment', 'entity_id', 'period'],
      '2': ['account_id', 'amount', 'comment', 'entity_id', 'period'],
    });
    // Rows of the past cannot be changed: read as of a time, every row comes back locked.
    const past = await director.query('budget', 'budget_lines', { ...request, asOf: new Date().toISOString() });
    expect(past.status).toBe(200);
    expect(past.body.editable).toEqual([[], []]);
  });

  it('refuses the flag on a SQL dataset with a clear error', async () => {
    const partner = await ApiClient.login(demo.url, 'partner1');
    const response = await partner.query('budget', 'plan_months', { withEditable: true });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'QRY_INVALID_PARAM', message: expect.stringContaining('withEditable works on writable tables only') });
  });
});
