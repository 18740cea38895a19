import { afterAll, beforeAll, expect, it } from 'vitest';
import { signBody, SIGNATURE_HEADER } from '../../src/workflows/index.js';
import { ApiClient } from '../support/api-client.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { ACTION_SECRET_ENV, ACTION_TABLES_SQL, actionProject } from './action-project.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'action-secret-for-tests';
let db: TestDatabase;
let receiver: WebhookReceiver;
let project: FixtureProject;
let server: TestServer;
let planner: ApiClient;

beforeAll(async () => {
  process.env[ACTION_SECRET_ENV] = SECRET;
  db = await createTestDatabase();
  // A stored procedure with its own effect (a log row) that refuses amounts above 1,000,000.
  await db.admin.query(`${ACTION_TABLES_SQL}
    CREATE TABLE plan_log (entity_id VARCHAR(10) NOT NULL, amount NUMERIC(14,2) NOT NULL);
    CREATE PROCEDURE recalc_plan(p_entity VARCHAR, p_amount NUMERIC) LANGUAGE plpgsql AS $$
    BEGIN
      IF p_amount > 1000000 THEN RAISE EXCEPTION 'amount % is above the plan limit', p_amount; END IF;
      INSERT INTO plan_log VALUES (p_entity, p_amount);
    END $$;`);
  receiver = await startWebhookReceiver();
  project = await actionProject({ webhookUrl: receiver.url, sqlStep: 'CALL recalc_plan(:entity, CAST(:amount AS NUMERIC))', postgres: db });
  server = await startTestServer({ projectDir: project.dir });
  planner = await ApiClient.login(server.url, 'planner', FIXTURE_PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  project?.remove();
  await db?.drop();
  delete process.env[ACTION_SECRET_ENV];
});

const run = (params: Record<string, unknown>) => planner.request('POST', '/api/apps/plan/actions/add_line/run', { params });
const count = async (sql: string) => Number((await db.admin.query(sql)).rows[0].n);

it('writes, calls the procedure in the same transaction, audits, then sends a signed webhook', async () => {
  const response = await run({ line_id: 10, entity: 'E01', amount: 2500 });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body).toMatchObject({ ok: true, changesetId: expect.any(String), set: { size: 'large' }, refresh: ['budget_lines'], navigate: 'main' });
  expect(response.body.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual([
    'validate:passed',
    'write:written',
    'sql:ran',
    'webhook:queued',
    'if:then',
    'set:set',
    'refresh:requested',
    'navigate:requested',
  ]);
  expect((await db.admin.query('SELECT entity_id, amount::text AS amount FROM budget_lines WHERE line_id = 10')).rows).toEqual([
    { entity_id: 'E01', amount: '2500.00' },
  ]);
  expect((await db.admin.query('SELECT entity_id, amount::text AS amount FROM plan_log')).rows).toEqual([{ entity_id: 'E01', amount: '2500.00' }]);
  expect(
    (await db.admin.query('SELECT username, app, table_name, inserted FROM roundtrip_audit.changesets WHERE changeset_id = $1', [response.body.changesetId]))
      .rows,
  ).toEqual([{ username: 'planner', app: 'plan', table_name: 'budget_lines', inserted: expect.anything() }]);

  const delivery = await receiver.waitFor((d) => d.headers['x-roundtrip-event'] === 'action');
  expect(delivery.headers[SIGNATURE_HEADER]).toBe(signBody(SECRET, delivery.body));
  expect(JSON.parse(delivery.body)).toMatchObject({
    event: 'action',
    app: 'plan',
    action: 'add_line',
    user: 'planner',
    changesetId: response.body.changesetId,
    params: { entity: 'E01' },
  });
});

it('rolls the write back with the failing procedure, audits nothing and sends no webhook', async () => {
  const before = {
    lines: await count('SELECT count(*) AS n FROM budget_lines'),
    log: await count('SELECT count(*) AS n FROM plan_log'),
    audit: await count('SELECT count(*) AS n FROM roundtrip_audit.changesets'),
    deliveries: receiver.deliveries.length,
  };
  const response = await run({ line_id: 11, entity: 'E02', amount: 2_000_000 });
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.body.error.code).toBe('WF_ACTION_FAILED');
  expect(response.body.error.details).toMatchObject({ action: 'add_line', step: 'sql', index: 2, path: 'steps[2]' });
  expect(response.body.error.details.cause.message).toMatch(/above the plan limit/);

  expect(await count('SELECT count(*) AS n FROM budget_lines')).toBe(before.lines);
  expect(await count('SELECT count(*) AS n FROM budget_lines WHERE line_id = 11')).toBe(0);
  expect(await count('SELECT count(*) AS n FROM plan_log')).toBe(before.log);
  expect(await count('SELECT count(*) AS n FROM roundtrip_audit.changesets')).toBe(before.audit);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(receiver.deliveries.length).toBe(before.deliveries);
});

it("stops at a failing validate step before any statement, and refuses users without the action's role", async () => {
  const negative = await run({ line_id: 12, entity: 'E01', amount: -5 });
  expect(negative.status).toBe(422);
  expect(negative.body.error.details).toMatchObject({
    step: 'validate',
    index: 0,
    cause: { code: 'WB_VALIDATION', message: 'The amount may not be negative.' },
  });
  expect(await count('SELECT count(*) AS n FROM budget_lines WHERE line_id = 12')).toBe(0);

  const viewer = await ApiClient.login(server.url, 'viewer', FIXTURE_PASSWORD);
  const refused = await viewer.request('POST', '/api/apps/plan/actions/add_line/run', { params: { line_id: 13, entity: 'E01', amount: 1 } });
  expect(refused.body.error.code).toBe('GOV_FORBIDDEN_ACTION');
  const unknown = await planner.request('POST', '/api/apps/plan/actions/nope/run', { params: {} });
  expect(unknown.body.error.code).toBe('WF_ACTION_NOT_FOUND');
  const badParams = await run({ line_id: 14, entity: 'E01' });
  expect([badParams.status, badParams.body.error.code]).toEqual([400, 'REQ_INVALID']);
});
