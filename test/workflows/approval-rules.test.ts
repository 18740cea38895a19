import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowContext, sweepApprovals } from '../../src/workflows/index.js';
import { ApiClient } from '../support/api-client.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { expenseProject, WEBHOOK_SECRET_ENV } from './expense-project.js';
import { startWebhookReceiver, type Delivery, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'webhook-test-secret';
let project: FixtureProject;
let server: TestServer;
let receiver: WebhookReceiver;
let clerk1: ApiClient;
let manager1: ApiClient;
let auditor1: ApiClient;
let auditor2: ApiClient;

beforeAll(async () => {
  process.env[WEBHOOK_SECRET_ENV] = SECRET;
  receiver = await startWebhookReceiver();
  project = await expenseProject({ webhookUrl: receiver.url });
  server = await startTestServer({ projectDir: project.dir });
  await Promise.all([
    ApiClient.login(server.url, 'clerk1', FIXTURE_PASSWORD).then((c) => (clerk1 = c)),
    ApiClient.login(server.url, 'manager1', FIXTURE_PASSWORD).then((c) => (manager1 = c)),
    ApiClient.login(server.url, 'auditor1', FIXTURE_PASSWORD).then((c) => (auditor1 = c)),
    ApiClient.login(server.url, 'auditor2', FIXTURE_PASSWORD).then((c) => (auditor2 = c)),
  ]);
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  project?.remove();
  delete process.env[WEBHOOK_SECRET_ENV];
});

async function amountOf(id: number): Promise<string> {
  const { rows } = await server.runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS amount FROM expenses WHERE expense_id = $1', [id]);
  return String(rows[0]!.amount);
}
const update = async (id: number, amount: string) => ({ op: 'update', key: { expense_id: id }, set: { amount }, expect: { amount: await amountOf(id) } });
const submit = async (client: ApiClient, id: number, amount: string) =>
  client.request('POST', '/api/apps/expenses/tables/expenses/submissions', { changes: [await update(id, amount)] });
const approve = (client: ApiClient, id: string) => client.request('POST', `/api/approvals/${id}/approve`);
const parsed = (d: Delivery) => JSON.parse(d.body) as { event: string; actor: string; level: string | null; request: { requestId: string; status: string } };
const eventOf = (requestId: string, event: string) => (d: Delivery) => d.status < 300 && parsed(d).request.requestId === requestId && parsed(d).event === event;

describe('required approval', () => {
  it('refuses direct writes and reverts of users without an exempt role, and lets exempt roles write', async () => {
    const refused = await clerk1.changeset('expenses', 'expenses', { changes: [await update(1, '11')] });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'WF_APPROVAL_REQUIRED']);
    expect(await amountOf(1)).toBe('10.00');
    const direct = await manager1.changeset('expenses', 'expenses', { changes: [await update(1, '12')] });
    expect(direct.status).toBe(200);
    const revert = await clerk1.request('POST', `/api/apps/expenses/tables/expenses/changesets/${direct.body.changesetId}/revert`, {});
    expect(revert.body.error.code).toBe('WF_APPROVAL_REQUIRED');
  });

  it('applies at once a submission no level applies to', async () => {
    const response = await submit(clerk1, 2, '50');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'applied', route: [], amount: 50, changesetId: expect.any(String) });
    expect(await amountOf(2)).toBe('50.00');
  });
});

describe('mode all', () => {
  it('needs every auditor before applying', async () => {
    const submitted = await submit(clerk1, 3, '2500');
    expect(submitted.body.route).toEqual(['manager_review', 'audit']);
    const id = submitted.body.requestId;
    expect((await approve(manager1, id)).body.currentLevel).toBe('audit');
    expect((await approve(auditor1, id)).body).toMatchObject({ status: 'pending', currentLevel: 'audit' });
    expect((await approve(auditor1, id)).body.error.code).toBe('WF_ALREADY_APPROVED');
    expect(await amountOf(3)).toBe('12.00');
    expect((await approve(auditor2, id)).body.status).toBe('applied');
    expect(await amountOf(3)).toBe('2500.00');
  });
});

describe('webhooks', () => {
  it('sends signed events in the background and retries a delivery answered with 500', async () => {
    receiver.failNext(1);
    const submitted = await submit(clerk1, 4, '500');
    expect(submitted.status).toBe(202);
    const id = submitted.body.requestId;
    // The first attempt failed; the same delivery comes again about a second later.
    const retried = await receiver.waitFor(eventOf(id, 'submitted'), 5000);
    const attempts = receiver.deliveries.filter((d) => d.headers['x-roundtrip-delivery'] === retried.headers['x-roundtrip-delivery']);
    expect(attempts.map((d) => d.status)).toEqual([500, 204]);
    expect(attempts[0]!.body).toBe(attempts[1]!.body);

    expect((await approve(manager1, id)).body.status).toBe('applied');
    const approved = await receiver.waitFor(eventOf(id, 'approved'));
    expect(parsed(approved)).toMatchObject({ actor: 'manager1', level: 'manager_review' });
    const applied = await receiver.waitFor(eventOf(id, 'applied'));
    expect(parsed(applied).request).toMatchObject({ status: 'applied', amount: 500, route: ['manager_review'] });

    const rejectedId = (await submit(clerk1, 5, '600')).body.requestId;
    await manager1.request('POST', `/api/approvals/${rejectedId}/reject`, { reason: 'no receipt' });
    expect(parsed(await receiver.waitFor(eventOf(rejectedId, 'rejected')))).toMatchObject({ comment: 'no receipt', request: { status: 'rejected' } });

    const conflictId = (await submit(clerk1, 6, '700')).body.requestId;
    await manager1.changeset('expenses', 'expenses', { changes: [await update(6, '1')] });
    expect((await approve(manager1, conflictId)).body.error.code).toBe('WB_CONFLICT');
    await receiver.waitFor(eventOf(conflictId, 'conflict'));

    for (const delivery of receiver.deliveries) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(delivery.body).digest('hex')}`;
      expect(delivery.headers['x-roundtrip-signature']).toBe(expected);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['x-roundtrip-event']).toBe(parsed(delivery).event);
    }
  });
});

describe('expiry without escalation', () => {
  it('expires a request that waited longer than expiresAfterHours', async () => {
    const id = (await submit(clerk1, 7, '300')).body.requestId;
    const context = await createWorkflowContext({
      warehouse: server.runtime.warehouse,
      system: server.runtime.system,
      project: () => server.runtime.current(),
      identityFor: (p) => server.runtime.identityFor(p),
      publish: () => undefined,
      onError: () => undefined,
    });
    try {
      const report = await sweepApprovals(context, new Date(Date.now() + 2 * 3600 * 1000));
      expect(report.expired).toContain(id);
      expect(report.escalated).toEqual([]);
    } finally {
      await context.close();
    }
    const detail = await clerk1.request('GET', `/api/approvals/${id}`);
    expect(detail.body).toMatchObject({ status: 'expired', steps: [{ action: 'submit' }, { action: 'expire', level: 'manager_review', actor: '(system)' }] });
    expect(await amountOf(7)).toBe('16.00');
  });
});

describe('recovery', () => {
  it('applies a request left approved but unapplied (a crash or outage mid-way) on the next sweep, once', async () => {
    const id = (await submit(clerk1, 8, '250')).body.requestId;
    // What a crash right after the final approval leaves behind: every level approved, nothing applied.
    await server.runtime.warehouse.query("UPDATE roundtrip_audit.approval_requests SET status = 'approved', current_level = 1 WHERE request_id = $1", [id]);
    const context = await createWorkflowContext({
      warehouse: server.runtime.warehouse,
      system: server.runtime.system,
      project: () => server.runtime.current(),
      identityFor: (p) => server.runtime.identityFor(p),
      publish: () => undefined,
      onError: () => undefined,
    });
    try {
      expect((await sweepApprovals(context, new Date(Date.now() + 10_000))).retried).not.toContain(id);
      const report = await sweepApprovals(context, new Date(Date.now() + 120_000));
      expect(report.retried).toContain(id);
      expect((await sweepApprovals(context, new Date(Date.now() + 240_000))).retried).not.toContain(id);
    } finally {
      await context.close();
    }
    expect(await amountOf(8)).toBe('250.00');
    const detail = await clerk1.request('GET', `/api/approvals/${id}`);
    expect(detail.body).toMatchObject({ status: 'applied', steps: [{ action: 'submit' }, { action: 'apply', actor: '(system)' }] });
    const { rows } = await server.runtime.warehouse.query('SELECT count(*) AS n FROM roundtrip_audit.changesets WHERE idempotency_key = $1', [
      `approval:${id}`,
    ]);
    expect(Number(rows[0]!.n)).toBe(1);
  });
});
