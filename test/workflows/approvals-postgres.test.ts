import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { expenseProject } from './expense-project.js';

let db: TestDatabase;
let project: FixtureProject;
let server: TestServer;
let clerk1: ApiClient;
let clerk2: ApiClient;
let manager1: ApiClient;
let manager2: ApiClient;
let auditor1: ApiClient;
let auditor2: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  project = await expenseProject({ postgres: db });
  server = await startTestServer({ projectDir: project.dir });
  await Promise.all([
    ApiClient.login(server.url, 'clerk1', FIXTURE_PASSWORD).then((c) => (clerk1 = c)),
    ApiClient.login(server.url, 'clerk2', FIXTURE_PASSWORD).then((c) => (clerk2 = c)),
    ApiClient.login(server.url, 'manager1', FIXTURE_PASSWORD).then((c) => (manager1 = c)),
    ApiClient.login(server.url, 'manager2', FIXTURE_PASSWORD).then((c) => (manager2 = c)),
    ApiClient.login(server.url, 'auditor1', FIXTURE_PASSWORD).then((c) => (auditor1 = c)),
    ApiClient.login(server.url, 'auditor2', FIXTURE_PASSWORD).then((c) => (auditor2 = c)),
  ]);
});
afterAll(async () => {
  await server?.close();
  project?.remove();
  await db?.drop();
});

const amountOf = async (id: number) => String((await db.admin.query('SELECT amount::text AS amount FROM expenses WHERE expense_id = $1', [id])).rows[0].amount);
const update = async (id: number, amount: string) => ({ op: 'update', key: { expense_id: id }, set: { amount }, expect: { amount: await amountOf(id) } });
const submit = async (id: number, amount: string) =>
  clerk1.request('POST', '/api/apps/expenses/tables/expenses/submissions', { changes: [await update(id, amount)], reason: 'travel' });
const approve = (client: ApiClient, id: string) => client.request('POST', `/api/approvals/${id}/approve`);

it('stages, approves and applies through the pipeline on PostgreSQL, with the steps in the warehouse', async () => {
  const submitted = await submit(1, '1500');
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const id = submitted.body.requestId;
  expect(submitted.body).toMatchObject({ route: ['manager_review', 'audit'], amount: 1500 });
  // The dry run rolled back: the row and the audit are untouched.
  expect(await amountOf(1)).toBe('10.00');
  expect((await db.admin.query('SELECT count(*)::int AS n FROM roundtrip_audit.changesets')).rows[0].n).toBe(0);

  // clerk2 stands in for manager1 (a delegation kept in the PostgreSQL system store), then both auditors approve.
  const until = new Date(Date.now() + 3600 * 1000).toISOString();
  expect((await manager1.request('PUT', '/api/approvals/delegation', { delegate: 'clerk2', until })).status).toBe(200);
  expect((await approve(clerk2, id)).body.currentLevel).toBe('audit');
  expect((await approve(auditor1, id)).body).toMatchObject({ status: 'pending', currentLevel: 'audit' });
  expect(await amountOf(1)).toBe('10.00');
  expect((await approve(auditor2, id)).body.status).toBe('applied');
  expect(await amountOf(1)).toBe('1500.00');
  const trail = await db.admin.query('SELECT action, actor, on_behalf_of FROM roundtrip_audit.approval_steps WHERE request_id = $1 ORDER BY seq', [id]);
  expect(trail.rows.map((r) => `${r.action}:${r.actor}:${r.on_behalf_of ?? ''}`)).toEqual([
    'submit:clerk1:',
    'delegate:clerk2:manager1',
    'approve:clerk2:manager1',
    'approve:auditor1:',
    'approve:auditor2:',
    'apply:auditor2:',
  ]);

  const small = await submit(2, '400');
  const applied = await approve(manager2, small.body.requestId);
  expect(applied.body).toMatchObject({ status: 'applied', changesetId: expect.any(String) });
  expect(await amountOf(2)).toBe('400.00');
  const { rows } = await db.admin.query(`SELECT c.username, c.reason FROM roundtrip_audit.changesets c WHERE c.changeset_id = $1`, [applied.body.changesetId]);
  expect(rows).toEqual([{ username: 'clerk1', reason: 'Approved: manager_review by manager2. travel' }]);
  const steps = await db.admin.query('SELECT seq, action, actor FROM roundtrip_audit.approval_steps WHERE request_id = $1 ORDER BY seq', [
    small.body.requestId,
  ]);
  expect(steps.rows).toEqual([
    { seq: 1, action: 'submit', actor: 'clerk1' },
    { seq: 2, action: 'approve', actor: 'manager2' },
    { seq: 3, action: 'apply', actor: 'manager2' },
  ]);
});

it('refuses to overwrite a cell changed between submission and approval on PostgreSQL', async () => {
  const submitted = await submit(3, '700');
  await manager1.changeset('expenses', 'expenses', { changes: [await update(3, '99')] });
  const final = await approve(manager2, submitted.body.requestId);
  expect([final.status, final.body.error.code]).toEqual([409, 'WB_CONFLICT']);
  expect(await amountOf(3)).toBe('99.00');
  const { rows } = await db.admin.query('SELECT status FROM roundtrip_audit.approval_requests WHERE request_id = $1', [submitted.body.requestId]);
  expect(rows[0].status).toBe('conflict');
});

it('approves once when two approvers race for the same level', async () => {
  const submitted = await submit(4, '800');
  const results = await Promise.all([approve(manager1, submitted.body.requestId), approve(manager2, submitted.body.requestId)]);
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 409]);
  expect(results.find((r) => r.status === 409)!.body.error.code).toBe('WF_REQUEST_CLOSED');
  expect(await amountOf(4)).toBe('800.00');
  const { rows } = await db.admin.query(`SELECT action FROM roundtrip_audit.approval_steps WHERE request_id = $1 ORDER BY seq`, [submitted.body.requestId]);
  expect(rows.map((r) => r.action)).toEqual(['submit', 'approve', 'apply']);
});
