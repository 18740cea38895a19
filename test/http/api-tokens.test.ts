import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiToken, createApiToken } from '../../src/governance/identity/api-tokens.js';
import { ApiClient } from '../support/api-client.js';
import { systemQueriesOf } from '../support/system-queries.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount, tableFingerprint } from '../support/warehouse-probe.js';

let server: TestServer;
let admin: ApiClient;
let partner: ApiClient;
let director: ApiClient;

/** A second app, so that a token for one app can be tried on another. */
const MAPPING_APP = `title: P&L mapping
roles: [admin, finance_director, finance_partner]
tables:
  account_pl_map:
    key: [account_id]
    write:
      - roles: [admin, finance_director]
        operations: [update]
        columns: [pl_line_id]
pages:
  - id: main
    title: Mapping
    blocks:
      - { id: grid, type: grid, table: account_pl_map }
`;

beforeAll(async () => {
  server = await startTestServer();
  writeFileSync(join(server.projectDir, 'apps', 'pl-mapping.yaml'), MAPPING_APP);
  await server.runtime.reload();
  [admin, partner, director] = await Promise.all([
    ApiClient.login(server.url, 'admin'),
    ApiClient.login(server.url, 'partner1'),
    ApiClient.login(server.url, 'director'),
  ]);
});
afterAll(() => server?.close());

/** Calls the API with only `Authorization: Bearer <token>`: no cookie, no CSRF token. */
function withToken(token: string) {
  const client = new ApiClient(server.url);
  return (method: string, path: string, body?: unknown) => client.request(method, path, body, { authorization: `Bearer ${token}` });
}

async function createToken(owner: ApiClient, body: Record<string, unknown>) {
  const response = await owner.request('POST', '/api/tokens', body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { token: any; secret: string };
}

async function amountEdit(lineId: number, amount: string) {
  return { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount }, expect: { amount: await budgetAmount(server.runtime, lineId) } }] };
}

async function snapshot() {
  return { budget: await tableFingerprint(server.runtime, 'budget_lines'), audit: await auditCounts(server.runtime) };
}

const CHANGESETS = '/api/apps/budget/tables/budget_lines/changesets';

describe('creating tokens', () => {
  it('returns the secret once as rt_<id>_<secret> and lists the token without it', async () => {
    const { token, secret } = await createToken(partner, { name: 'ci export', apps: ['budget'], access: 'read' });
    expect(secret).toMatch(new RegExp(`^rt_${token.id}_[A-Za-z0-9_-]{43}$`));
    expect(token).toMatchObject({
      userId: 'partner1',
      name: 'ci export',
      apps: ['budget'],
      access: 'read',
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    });
    const listed = await partner.request('GET', '/api/tokens');
    expect(listed.status).toBe(200);
    expect(listed.body.tokens.map((t: any) => t.id)).toContain(token.id);
    expect(JSON.stringify(listed.body)).not.toContain(secret.replace(/^rt_[^_]+_/, ''));
    const { rows } = await server.runtime.system.query('SELECT token_hash FROM api_tokens WHERE id = $1', [token.id]);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(secret.replace(/^rt_[^_]+_/, ''));
  });

  it('refuses an unknown app, an unknown access level and a mixed "*" list', async () => {
    for (const body of [
      { name: 'x', apps: ['nosuchapp'], access: 'read' },
      { name: 'x', apps: ['budget'], access: 'admin' },
      { name: 'x', apps: ['*', 'budget'], access: 'read' },
    ]) {
      const response = await partner.request('POST', '/api/tokens', body);
      expect({ body, status: response.status, code: response.body.error.code }).toEqual({ body, status: 400, code: 'REQ_INVALID' });
    }
  });

  it('audits creation and revocation as kind token', async () => {
    const { token } = await createToken(director, { name: 'audited', apps: ['*'], access: 'write', expiresInDays: 7 });
    expect((await director.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(200);
    const changes = ((await admin.request('GET', '/api/admin/changes?limit=1000')).body.changes as any[]).filter((c) => c.target === token.id);
    expect(changes).toMatchObject([
      { username: 'director', kind: 'token', oldValue: { revokedAt: null }, newValue: { action: 'revoke', revokedAt: expect.any(String) } },
      {
        username: 'director',
        kind: 'token',
        oldValue: null,
        newValue: { action: 'create', userId: 'director', name: 'audited', apps: ['*'], access: 'write', expiresAt: expect.any(String) },
      },
    ]);
  });
});

describe('using tokens', () => {
  it('acts as its user without cookie or CSRF token, and records when it was last used', async () => {
    const { token, secret } = await createToken(partner, { name: 'writer', apps: ['budget'], access: 'write' });
    const call = withToken(secret);
    const me = await call('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { username: 'partner1' }, csrfToken: null });
    const write = await call('POST', CHANGESETS, await amountEdit(7, '777'));
    expect(write.status).toBe(200);
    expect(await budgetAmount(server.runtime, 7)).toBe('777.00');
    const { rows } = await server.runtime.warehouse.query('SELECT username FROM roundtrip_audit.changesets WHERE changeset_id = $1', [write.body.changesetId]);
    expect(rows).toEqual([{ username: 'partner1' }]);

    const first = (await partner.request('GET', '/api/tokens')).body.tokens.find((t: any) => t.id === token.id);
    expect(Date.parse(first.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    await call('GET', '/api/apps');
    const second = (await partner.request('GET', '/api/tokens')).body.tokens.find((t: any) => t.id === token.id);
    expect(second.lastUsedAt).toBe(first.lastUsedAt);
  });

  it("keeps the user's own policies: a partner token cannot write another entity's row", async () => {
    const { secret } = await createToken(partner, { name: 'writer2', apps: ['*'], access: 'write' });
    const response = await withToken(secret)('POST', CHANGESETS, await amountEdit(2401, '1'));
    // Line 2401 is another entity's: refused as if it did not exist.
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ROW_NOT_FOUND');
  });

  it('lets a read token query datasets but refuses its changeset with 403 AUTH_TOKEN_SCOPE and writes nothing', async () => {
    const { secret } = await createToken(partner, { name: 'reader', apps: ['budget'], access: 'read' });
    const call = withToken(secret);
    const query = await call('POST', '/api/apps/budget/datasets/budget_lines/query', { limit: 2 });
    expect(query.status).toBe(200);
    expect(query.body.rows).toHaveLength(2);
    const before = await snapshot();
    const write = await call('POST', CHANGESETS, await amountEdit(8, '888'));
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('AUTH_TOKEN_SCOPE');
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an app outside the token's apps with 403, and lists only the token's apps", async () => {
    const { secret } = await createToken(director, { name: 'budget only', apps: ['budget'], access: 'write' });
    const call = withToken(secret);
    expect((await director.request('GET', '/api/apps')).body.apps.map((a: any) => a.name)).toEqual(expect.arrayContaining(['budget', 'pl-mapping']));
    expect((await call('GET', '/api/apps')).body.apps.map((a: any) => a.name)).toEqual(['budget']);
    for (const [method, path, body] of [
      ['GET', '/api/apps/pl-mapping', undefined],
      ['POST', '/api/apps/pl-mapping/datasets/account_pl_map/query', {}],
      [
        'POST',
        '/api/apps/pl-mapping/tables/account_pl_map/changesets',
        { changes: [{ op: 'update', key: { account_id: '4000' }, set: { pl_line_id: 'OPEX' }, expect: { pl_line_id: 'REV' } }] },
      ],
      ['GET', '/api/events', undefined],
    ] as const) {
      const response = await call(method, path, body);
      expect({ path, status: response.status, code: response.body?.error?.code }).toEqual({ path, status: 403, code: 'AUTH_TOKEN_SCOPE' });
    }
    const { rows } = await server.runtime.warehouse.query("SELECT pl_line_id FROM account_pl_map WHERE account_id = '4000'");
    expect(rows).toEqual([{ pl_line_id: 'REV' }]);
    expect((await call('GET', '/api/apps/budget')).status).toBe(200);
  });

  it("refuses every token route and admin route to a token, even an admin's write token", async () => {
    const { secret } = await createToken(admin, { name: 'admin automation', apps: ['*'], access: 'write' });
    const call = withToken(secret);
    const tokensBefore = (await admin.request('GET', '/api/tokens')).body.tokens.length;
    for (const [method, path, body] of [
      ['POST', '/api/tokens', { name: 'child', apps: ['*'], access: 'write' }],
      ['GET', '/api/tokens', undefined],
      ['DELETE', '/api/tokens/0000000000000000', undefined],
      ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/users', { username: 'bytoken', password: 'long enough password', roles: ['admin'] }],
      ['PATCH', '/api/admin/users/viewer', { roles: ['admin'] }],
      ['GET', '/api/admin/changes', undefined],
      ['POST', '/api/auth/logout-all', undefined],
    ] as const) {
      const response = await call(method, path, body);
      expect({ path, method, status: response.status, code: response.body.error.code }).toEqual({ path, method, status: 403, code: 'AUTH_TOKEN_SCOPE' });
    }
    expect((await admin.request('GET', '/api/tokens')).body.tokens.length).toBe(tokensBefore);
    const users = (await admin.request('GET', '/api/admin/users')).body.users as any[];
    expect(users.map((u) => u.username)).not.toContain('bytoken');
    expect(users.find((u) => u.username === 'viewer').roles).toEqual(['viewer']);
  });
});

describe('invalid tokens', () => {
  it.each([
    ['a malformed token', 'not-a-token'],
    ['an unknown id', `rt_0123456789abcdef_${'A'.repeat(43)}`],
    ['an empty bearer', ''],
  ])('answers %s with 401 AUTH_TOKEN_INVALID', async (_label, token) => {
    const response = await withToken(token)('GET', '/api/apps');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('AUTH_TOKEN_INVALID');
  });

  it('refuses the right id with a wrong secret', async () => {
    const { token } = await createToken(partner, { name: 'guessed', apps: ['*'], access: 'read' });
    const response = await withToken(`rt_${token.id}_${'B'.repeat(43)}`)('GET', '/api/apps');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('AUTH_TOKEN_INVALID');
  });

  it('refuses a revoked token with 401 and writes nothing', async () => {
    const { token, secret } = await createToken(partner, { name: 'to revoke', apps: ['budget'], access: 'write' });
    const call = withToken(secret);
    expect((await call('GET', '/api/apps')).status).toBe(200);
    const revoked = await partner.request('DELETE', `/api/tokens/${token.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revokedAt).toEqual(expect.any(String));
    const before = await snapshot();
    const write = await call('POST', CHANGESETS, await amountEdit(9, '999'));
    expect(write.status).toBe(401);
    expect(write.body.error.code).toBe('AUTH_TOKEN_INVALID');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an expired token with 401, also once it is served from memory', async () => {
    const { secret } = await createToken(partner, { name: 'short-lived', apps: ['budget'], access: 'read', expiresInDays: 1 });
    expect((await withToken(secret)('GET', '/api/apps')).status).toBe(200);
    // A day passing, without waiting a day: the cached token is checked against a later clock.
    expect(await authenticateApiToken(server.runtime.identity, secret, Date.now() + 2 * 60 * 60 * 1000)).toBeDefined();
    expect(await authenticateApiToken(server.runtime.identity, secret, Date.now() + 25 * 60 * 60 * 1000)).toBeUndefined();
    // And over HTTP, a token created two days ago for one day.
    const owner = { id: 'partner1', username: 'partner1', displayName: 'partner1', roles: ['finance_partner'], attributes: {} };
    const old = await createApiToken(
      server.runtime.identity,
      owner,
      { name: 'old', scope: { apps: ['budget'], access: 'read' }, expiresInDays: 1 },
      Date.now() - 2 * 24 * 60 * 60 * 1000,
    );
    const response = await withToken(old.secret)('GET', '/api/apps');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('AUTH_TOKEN_INVALID');
  });

  it('serves a used token from memory: later requests make no system-store query until it is revoked', async () => {
    const { token, secret } = await createToken(director, { name: 'busy job', apps: ['budget'], access: 'read' });
    const call = withToken(secret);
    expect((await call('GET', '/api/auth/me')).status).toBe(200);
    let me: Awaited<ReturnType<typeof call>> | undefined;
    expect(await systemQueriesOf(server.runtime, async () => (me = await call('GET', '/api/auth/me')))).toBe(0);
    expect(me?.body.user.username).toBe('director');
    // A wrong secret for the cached id is still refused.
    expect((await withToken(`rt_${token.id}_${'C'.repeat(43)}`)('GET', '/api/auth/me')).status).toBe(401);
    expect((await director.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(200);
    expect((await call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('refuses the token of a disabled user, and accepts it again once the user is enabled', async () => {
    expect((await admin.request('POST', '/api/admin/users', { username: 'bot1', password: 'a long bot password', roles: ['viewer'] })).status).toBe(200);
    const bot = await ApiClient.login(server.url, 'bot1', 'a long bot password');
    const { secret } = await createToken(bot, { name: 'bot', apps: ['*'], access: 'read' });
    const call = withToken(secret);
    expect((await call('GET', '/api/apps')).status).toBe(200);
    expect((await admin.request('PATCH', '/api/admin/users/bot1', { disabled: true })).status).toBe(200);
    expect((await call('GET', '/api/apps')).status).toBe(401);
    expect((await admin.request('PATCH', '/api/admin/users/bot1', { disabled: false })).status).toBe(200);
    expect((await call('GET', '/api/apps')).status).toBe(200);
  });
});

describe('whose tokens', () => {
  it("hides another user's token from a non-admin and lets an admin list and revoke it", async () => {
    const { token, secret } = await createToken(director, { name: 'director job', apps: ['*'], access: 'read' });
    const notMine = await partner.request('DELETE', `/api/tokens/${token.id}`);
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.code).toBe('TOKEN_NOT_FOUND');
    expect((await partner.request('GET', '/api/tokens')).body.tokens.map((t: any) => t.id)).not.toContain(token.id);
    const all = await partner.request('GET', '/api/tokens?all=true');
    expect(all.status).toBe(403);
    expect(all.body.error.code).toBe('GOV_FORBIDDEN_ADMIN');
    expect((await withToken(secret)('GET', '/api/apps')).status).toBe(200);

    expect((await admin.request('GET', '/api/tokens?all=true')).body.tokens.map((t: any) => t.id)).toContain(token.id);
    expect((await admin.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(200);
    expect((await withToken(secret)('GET', '/api/apps')).status).toBe(401);
  });
});
