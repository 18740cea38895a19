import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, tableFingerprint } from '../support/warehouse-probe.js';

let server: TestServer;
let admin: ApiClient;
const asPartner = { 'x-roundtrip-preview-as': 'partner1' };

beforeAll(async () => {
  server = await startTestServer();
  admin = await ApiClient.login(server.url, 'admin');
});
afterAll(() => server?.close());

describe('preview as another user', () => {
  it('shows an admin exactly what the user sees', async () => {
    const own = await admin.request('POST', '/api/apps/budget/datasets/budget_lines/query', { withTotal: true, limit: 1 });
    const previewed = await admin.request('POST', '/api/apps/budget/datasets/budget_lines/query', { withTotal: true, limit: 1 }, asPartner);
    expect([own.body.total, previewed.body.total]).toEqual([19200, 2400]);
    const apps = await admin.request('GET', '/api/apps', undefined, asPartner);
    expect(apps.body.apps.map((a: { name: string }) => a.name)).toEqual(['budget']);
    const definition = await admin.request('GET', '/api/apps/budget', undefined, asPartner);
    expect(definition.body.tables.budget_lines.canInsert).toBe(false);
    expect(definition.body.tables.budget_lines.columns.filter((c: { editable: boolean }) => c.editable).map((c: { name: string }) => c.name)).toEqual([
      'amount',
      'comment',
    ]);
    const me = await admin.request('GET', '/api/auth/me', undefined, asPartner);
    expect(me.body.user.username).toBe('partner1');
  });

  it('never writes while previewing', async () => {
    const own = await admin.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 1 }, set: { amount: '1' }, expect: { amount: '713300.00' } }],
    });
    expect(own.status).toBe(200);
    const before = [await tableFingerprint(server.runtime, 'budget_lines'), await auditCounts(server.runtime)];
    const previewWrite = await admin.request(
      'POST',
      '/api/apps/budget/tables/budget_lines/changesets',
      { changes: [{ op: 'update', key: { line_id: 2 }, set: { amount: '1' }, expect: { amount: '697500.00' } }] },
      asPartner,
    );
    expect(previewWrite.status).toBe(403);
    expect(previewWrite.body.error.code).toBe('GOV_PREVIEW_READ_ONLY');
    expect((await server.runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS a FROM budget_lines WHERE line_id = 2')).rows[0]!.a).toBe('697500.00');
    expect([await tableFingerprint(server.runtime, 'budget_lines'), await auditCounts(server.runtime)]).toEqual(before);
  });

  it('is for admins only and for known users only', async () => {
    const partner = await ApiClient.login(server.url, 'partner2');
    const denied = await partner.request('GET', '/api/apps', undefined, { 'x-roundtrip-preview-as': 'director' });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_ADMIN']);
    const unknown = await admin.request('GET', '/api/apps', undefined, { 'x-roundtrip-preview-as': 'nobody' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
  });
});
