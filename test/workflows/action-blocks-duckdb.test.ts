import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts } from '../support/warehouse-probe.js';
import { ACTION_SECRET_ENV, actionProject } from './action-project.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

// DuckDB has no stored procedures: the sql step is a declared UPDATE, and plan_totals refuses totals above 1,000,000.
let receiver: WebhookReceiver;
let project: FixtureProject;
let server: TestServer;
let planner: ApiClient;

beforeAll(async () => {
  process.env[ACTION_SECRET_ENV] = 'duckdb-action-secret';
  receiver = await startWebhookReceiver();
  project = await actionProject({
    webhookUrl: receiver.url,
    sqlStep: 'UPDATE plan_totals SET total = total + :amount, updates = updates + 1 WHERE entity_id = :entity',
  });
  server = await startTestServer({ projectDir: project.dir });
  planner = await ApiClient.login(server.url, 'planner', FIXTURE_PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  project?.remove();
  delete process.env[ACTION_SECRET_ENV];
});

const run = (params: Record<string, unknown>) => planner.request('POST', '/api/apps/plan/actions/add_line/run', { params });
const state = async () => ({
  lines: (await server.runtime.warehouse.query('SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM budget_lines ORDER BY line_id')).rows,
  totals: (await server.runtime.warehouse.query('SELECT entity_id, CAST(total AS VARCHAR) AS total, updates FROM plan_totals ORDER BY entity_id')).rows,
  audit: await auditCounts(server.runtime),
});

it('runs the write and the UPDATE in one transaction on DuckDB, and rolls both back when the UPDATE fails', async () => {
  const ok = await run({ line_id: 20, entity: 'E01', amount: 50 });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  expect(ok.body).toMatchObject({ ok: true, set: { size: 'small' }, navigate: 'main' });
  const after = await state();
  expect(after.totals[0]).toMatchObject({ entity_id: 'E01', total: '150.00' });
  expect(after.lines.map((r) => Number(r.line_id))).toContain(20);
  await receiver.waitFor((d) => d.headers['x-roundtrip-event'] === 'action');

  const deliveries = receiver.deliveries.length;
  const failed = await run({ line_id: 21, entity: 'E02', amount: 2_000_000 });
  expect(failed.status, JSON.stringify(failed.body)).toBe(422);
  expect(failed.body.error).toMatchObject({ code: 'WF_ACTION_FAILED', details: { step: 'sql', index: 2, cause: { code: 'DRV_CONSTRAINT_VIOLATION' } } });
  // The inserted line went with the refused UPDATE: rows, totals and audit as before.
  expect(await state()).toEqual(after);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(receiver.deliveries.length).toBe(deliveries);
});

it('updates a row by key, expecting its current values, through the write pipeline', async () => {
  const response = await planner.request('POST', '/api/apps/plan/actions/set_amount/run', { params: { line_id: 2, amount: 275.5 } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body).toMatchObject({ refresh: ['budget_lines'], set: {}, navigate: null });
  const { rows } = await server.runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE line_id = 2');
  expect(rows).toEqual([{ amount: '275.50' }]);
  const missing = await planner.request('POST', '/api/apps/plan/actions/set_amount/run', { params: { line_id: 999, amount: 1 } });
  expect(missing.body.error).toMatchObject({ code: 'WF_ACTION_FAILED', details: { step: 'write', index: 0, cause: { code: 'ROW_NOT_FOUND' } } });
});
