import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount, tableFingerprint } from '../support/warehouse-probe.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await ApiClient.login(server.url, 'admin');
});
afterAll(() => server?.close());

const PASSWORD = 'correct horse battery';

async function createUser(username: string, roles: string[], extra: Record<string, unknown> = {}) {
  const response = await admin.request('POST', '/api/admin/users', { username, password: PASSWORD, roles, ...extra });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.user;
}

async function adminChangesOf(target: string) {
  const response = await admin.request('GET', '/api/admin/changes?limit=1000');
  expect(response.status).toBe(200);
  return (response.body.changes as any[]).filter((c) => c.target === target);
}

async function amountEdit(lineId: number, amount: string) {
  return { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount }, expect: { amount: await budgetAmount(server.runtime, lineId) } }] };
}

describe('who may manage users', () => {
  it.each([
    ['GET', '/api/admin/users', undefined],
    ['POST', '/api/admin/users', { username: 'intruder', password: PASSWORD, roles: ['admin'] }],
    ['PATCH', '/api/admin/users/viewer', { roles: ['admin'] }],
    ['POST', '/api/admin/users/viewer/password', { password: PASSWORD }],
    ['GET', '/api/admin/changes', undefined],
  ] as const)('refuses %s %s to a non-admin with 403 GOV_FORBIDDEN_ADMIN', async (method, path, body) => {
    const director = await ApiClient.login(server.url, 'director');
    const response = await director.request(method, path, body);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_FORBIDDEN_ADMIN');
  });

  it('changed nothing for the refused calls: no intruder, viewer still a viewer with password demo', async () => {
    const users = (await admin.request('GET', '/api/admin/users')).body.users as any[];
    expect(users.map((u) => u.username)).not.toContain('intruder');
    expect(users.find((u) => u.username === 'viewer')).toMatchObject({ roles: ['viewer'], source: 'config', disabled: false });
    await ApiClient.login(server.url, 'viewer', 'demo');
  });

  it('lists the users of roundtrip.yaml without password hashes', async () => {
    const response = await admin.request('GET', '/api/admin/users');
    expect(response.status).toBe(200);
    const partner1 = response.body.users.find((u: any) => u.username === 'partner1');
    expect(partner1).toMatchObject({
      displayName: 'Finance Partner 1',
      roles: ['finance_partner'],
      attributes: { entities: ['E01', 'E02', 'E03', 'E04', 'E05'] },
      source: 'config',
    });
    expect(JSON.stringify(response.body)).not.toContain('scrypt');
  });
});

describe('creating users', () => {
  it('creates a user who can then log in and open the apps of their role', async () => {
    const user = await createUser('analyst1', ['viewer'], { displayName: 'Ann Analyst', attributes: { team: 'fp&a' } });
    expect(user).toMatchObject({
      username: 'analyst1',
      displayName: 'Ann Analyst',
      roles: ['viewer'],
      attributes: { team: 'fp&a' },
      disabled: false,
      source: 'admin',
    });
    expect(user).not.toHaveProperty('passwordHash');
    const analyst = await ApiClient.login(server.url, 'analyst1', PASSWORD);
    const me = await analyst.request('GET', '/api/auth/me');
    expect(me.body.user).toMatchObject({ username: 'analyst1', displayName: 'Ann Analyst', roles: ['viewer'], attributes: { team: 'fp&a' } });
    expect((await analyst.request('GET', '/api/apps')).body.apps.map((a: any) => a.name)).toEqual(['budget', 'mapping']);
  });

  it('refuses a password shorter than 10 characters with a message that says so, and creates nobody', async () => {
    const response = await admin.request('POST', '/api/admin/users', { username: 'shortpw', password: 'nine-char', roles: ['viewer'] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('REQ_INVALID');
    expect(response.body.error.message).toMatch(/password.*at least 10 characters/);
    const users = (await admin.request('GET', '/api/admin/users')).body.users as any[];
    expect(users.map((u) => u.username)).not.toContain('shortpw');
  });

  it('refuses a role the project does not declare', async () => {
    const response = await admin.request('POST', '/api/admin/users', { username: 'rolecheck', password: PASSWORD, roles: ['viewer', 'superuser'] });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'REQ_INVALID',
      details: { issues: [{ path: 'roles.1', message: expect.stringContaining("'superuser'") }] },
    });
  });

  it('refuses a taken username with 409 USER_EXISTS and keeps the existing user', async () => {
    const response = await admin.request('POST', '/api/admin/users', { username: 'director', password: PASSWORD, roles: ['viewer'] });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('USER_EXISTS');
    await ApiClient.login(server.url, 'director', 'demo');
  });

  it('audits the creation without the password or its hash', async () => {
    await createUser('audited1', ['viewer']);
    const [change] = await adminChangesOf('audited1');
    expect(change).toMatchObject({ username: 'admin', kind: 'user', target: 'audited1', oldValue: null, newValue: { action: 'create', roles: ['viewer'] } });
    expect(Date.parse(change.changedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(change)).not.toContain(PASSWORD);
  });
});

describe('changing users', () => {
  it('applies a role change to an open session at its next request, and audits old → new', async () => {
    await createUser('promoted1', ['viewer']);
    const promoted = await ApiClient.login(server.url, 'promoted1', PASSWORD);
    const refused = await promoted.changeset('budget', 'budget_lines', await amountEdit(40, '40'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('GOV_FORBIDDEN_OPERATION');

    const patch = await admin.request('PATCH', '/api/admin/users/promoted1', { roles: ['finance_director'] });
    expect(patch.status).toBe(200);
    expect(patch.body.user.roles).toEqual(['finance_director']);

    const allowed = await promoted.changeset('budget', 'budget_lines', await amountEdit(40, '40'));
    expect(allowed.status).toBe(200);
    expect(await budgetAmount(server.runtime, 40)).toBe('40.00');
    const changes = await adminChangesOf('promoted1');
    expect(changes[0]).toMatchObject({
      username: 'admin',
      kind: 'user',
      oldValue: { roles: ['viewer'] },
      newValue: { action: 'update', roles: ['finance_director'] },
    });
  });

  it('ends the sessions of a disabled user, refuses their login, and lets them back in when enabled again', async () => {
    await createUser('leaver1', ['finance_director']);
    const leaver = await ApiClient.login(server.url, 'leaver1', PASSWORD);
    expect((await leaver.request('GET', '/api/apps')).status).toBe(200);

    expect((await admin.request('PATCH', '/api/admin/users/leaver1', { disabled: true })).status).toBe(200);
    const before = await tableFingerprint(server.runtime, 'budget_lines');
    const after = await leaver.request('GET', '/api/apps');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('AUTH_REQUIRED');
    const write = await leaver.changeset('budget', 'budget_lines', await amountEdit(41, '41'));
    expect(write.status).toBe(401);
    expect(await tableFingerprint(server.runtime, 'budget_lines')).toBe(before);
    const login = await new ApiClient(server.url).request('POST', '/api/auth/login', { username: 'leaver1', password: PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');

    expect((await admin.request('PATCH', '/api/admin/users/leaver1', { disabled: false })).status).toBe(200);
    await ApiClient.login(server.url, 'leaver1', PASSWORD);
    const changes = await adminChangesOf('leaver1');
    expect(changes.slice(0, 2)).toMatchObject([
      { oldValue: { disabled: true }, newValue: { disabled: false } },
      { oldValue: { disabled: false }, newValue: { disabled: true } },
    ]);
  });

  it('takes a removed role away from an open session at its very next request', async () => {
    await createUser('demoted1', ['finance_director']);
    const demoted = await ApiClient.login(server.url, 'demoted1', PASSWORD);
    expect((await demoted.changeset('budget', 'budget_lines', await amountEdit(42, '42'))).status).toBe(200);
    expect((await demoted.request('GET', '/api/auth/me')).body.user.roles).toEqual(['finance_director']);

    expect((await admin.request('PATCH', '/api/admin/users/demoted1', { roles: ['viewer'] })).status).toBe(200);
    const refused = await demoted.changeset('budget', 'budget_lines', await amountEdit(42, '4242'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('GOV_FORBIDDEN_OPERATION');
    expect(await budgetAmount(server.runtime, 42)).toBe('42.00');
  });

  it('shows changed attributes and display name to an open session at its very next request', async () => {
    await createUser('renamed1', ['viewer'], { displayName: 'Before', attributes: { entities: ['E01'] } });
    const renamed = await ApiClient.login(server.url, 'renamed1', PASSWORD);
    expect((await renamed.request('GET', '/api/auth/me')).body.user).toMatchObject({ displayName: 'Before', attributes: { entities: ['E01'] } });
    expect((await admin.request('PATCH', '/api/admin/users/renamed1', { displayName: 'After', attributes: { entities: ['E02'] } })).status).toBe(200);
    expect((await renamed.request('GET', '/api/auth/me')).body.user).toMatchObject({ displayName: 'After', attributes: { entities: ['E02'] } });
  });

  it('sets a password: the old one stops working, open sessions end, and the audit row holds no hash', async () => {
    await createUser('reset1', ['viewer']);
    const session = await ApiClient.login(server.url, 'reset1', PASSWORD);
    expect((await session.request('GET', '/api/auth/me')).status).toBe(200);
    const response = await admin.request('POST', '/api/admin/users/reset1/password', { password: 'a brand new passphrase' });
    expect(response.status).toBe(200);
    expect((await session.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await new ApiClient(server.url).request('POST', '/api/auth/login', { username: 'reset1', password: PASSWORD })).status).toBe(401);
    await ApiClient.login(server.url, 'reset1', 'a brand new passphrase');
    expect((await adminChangesOf('reset1'))[0]).toMatchObject({ kind: 'user', oldValue: null, newValue: { action: 'set-password' } });

    const short = await admin.request('POST', '/api/admin/users/reset1/password', { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/at least 10 characters/);
  });

  it('never stores a password hash in admin_changes', async () => {
    const schema = server.runtime.current().config.audit.schema;
    const { rows } = await server.runtime.warehouse.query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE old_value LIKE '%scrypt%' OR new_value LIKE '%scrypt%') AS hashes FROM "${schema}".admin_changes`,
    );
    expect(Number(rows[0]!.n)).toBeGreaterThan(5);
    expect(Number(rows[0]!.hashes)).toBe(0);
  });

  it('answers an unknown user with 404 USER_NOT_FOUND and an empty change with 400', async () => {
    const missing = await admin.request('PATCH', '/api/admin/users/nobody', { disabled: true });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('USER_NOT_FOUND');
    const empty = await admin.request('PATCH', '/api/admin/users/viewer', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('REQ_INVALID');
  });

  it('limits and orders the change log, newest first', async () => {
    const response = await admin.request('GET', '/api/admin/changes?limit=2');
    expect(response.status).toBe(200);
    expect(response.body.changes).toHaveLength(2);
    const [newer, older] = response.body.changes;
    expect(newer.changeId > older.changeId).toBe(true);
    expect(Date.parse(newer.changedAt)).toBeGreaterThanOrEqual(Date.parse(older.changedAt));
    expect((await admin.request('GET', '/api/admin/changes?limit=0')).status).toBe(400);
  });
});

describe('users declared in roundtrip.yaml', () => {
  const projectFile = () => join(server.projectDir, 'roundtrip.yaml');

  it('keeps an admin change to a declared user when the file entry is unchanged', async () => {
    expect((await admin.request('PATCH', '/api/admin/users/partner7', { roles: ['viewer'] })).status).toBe(200);
    await server.runtime.reload();
    const partner7 = (await admin.request('GET', '/api/admin/users')).body.users.find((u: any) => u.username === 'partner7');
    expect(partner7).toMatchObject({ roles: ['viewer'], source: 'config' });
  });

  it('copies an edited file entry again, and removes a user the file no longer declares', async () => {
    const partner8 = await ApiClient.login(server.url, 'partner8');
    const partner7 = await ApiClient.login(server.url, 'partner7');
    expect((await partner7.request('GET', '/api/auth/me')).body.user).toMatchObject({ roles: ['viewer'] });
    const token = await partner8.request('POST', '/api/tokens', { name: 'before removal', apps: ['*'], access: 'read' });
    expect(token.status).toBe(200);
    const bearer = { authorization: `Bearer ${token.body.secret}` };
    const original = readFileSync(projectFile(), 'utf8');
    const edited = original
      .replace('entities: [E31, E32, E33, E34, E35]', 'entities: [E31]')
      .replace(/  - username: partner8\n(    .*\n)+?(?=  - username: director)/, '');
    expect(edited).not.toContain('partner8');
    writeFileSync(projectFile(), edited);
    try {
      await server.runtime.reload();
      const users = (await admin.request('GET', '/api/admin/users')).body.users as any[];
      expect(users.find((u) => u.username === 'partner7')).toMatchObject({ roles: ['finance_partner'], attributes: { entities: ['E31'] } });
      expect(users.map((u) => u.username)).not.toContain('partner8');
      expect((await partner8.request('GET', '/api/apps')).status).toBe(401);
      expect((await partner7.request('GET', '/api/auth/me')).body.user).toMatchObject({ roles: ['finance_partner'], attributes: { entities: ['E31'] } });
    } finally {
      writeFileSync(projectFile(), original);
      await server.runtime.reload();
    }
    await ApiClient.login(server.url, 'partner8');
    // Declared again, partner8 is a new user: a token of the removed one stays dead.
    expect((await new ApiClient(server.url).request('GET', '/api/apps', undefined, bearer)).status).toBe(401);
  });
});

describe('on a PostgreSQL system store', () => {
  let db: TestDatabase;
  let pgServer: TestServer;
  let projectDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    projectDir = mkdtempSync(join(tmpdir(), 'roundtrip-pg-system-'));
    cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
    const file = join(projectDir, 'roundtrip.yaml');
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}\nsystemStore:\n  type: postgres\n  host: ${db.host}\n  port: ${db.port}\n  database: ${db.database}\n  user: ${db.user}\n`,
    );
    pgServer = await startTestServer({ projectDir });
  });
  afterAll(async () => {
    await pgServer?.close();
    await db?.drop();
    rmSync(projectDir, { recursive: true, force: true });
  });

  it('keeps users and tokens in PostgreSQL: create, log in, change roles, token use and revocation, disable', async () => {
    const pgAdmin = await ApiClient.login(pgServer.url, 'admin');
    const { rows: seeded } = await db.admin.query("SELECT source, disabled, roles FROM users WHERE username = 'partner1'");
    expect(seeded).toEqual([{ source: 'config', disabled: false, roles: '["finance_partner"]' }]);

    expect((await pgAdmin.request('POST', '/api/admin/users', { username: 'pguser', password: PASSWORD, roles: ['viewer'] })).status).toBe(200);
    const pgUser = await ApiClient.login(pgServer.url, 'pguser', PASSWORD);
    expect((await pgAdmin.request('PATCH', '/api/admin/users/pguser', { roles: ['finance_director'], attributes: { region: 'north' } })).status).toBe(200);
    expect((await pgUser.request('GET', '/api/auth/me')).body.user).toMatchObject({ roles: ['finance_director'], attributes: { region: 'north' } });

    const created = await pgUser.request('POST', '/api/tokens', { name: 'nightly', apps: ['budget'], access: 'read', expiresInDays: 30 });
    expect(created.status).toBe(200);
    const bearer = { authorization: `Bearer ${created.body.secret}` };
    const query = await new ApiClient(pgServer.url).request('POST', '/api/apps/budget/datasets/budget_lines/query', { limit: 1 }, bearer);
    expect(query.status).toBe(200);
    const { rows: tokens } = await db.admin.query('SELECT user_id, last_used_at, expires_at - created_at AS lifetime, token_hash FROM api_tokens');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ user_id: 'pguser', lifetime: String(30 * 24 * 60 * 60 * 1000) });
    expect(Number(tokens[0].last_used_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(tokens[0].token_hash).not.toContain(created.body.secret.replace(/^rt_[^_]+_/, ''));

    expect((await pgUser.request('DELETE', `/api/tokens/${created.body.token.id}`)).status).toBe(200);
    expect((await new ApiClient(pgServer.url).request('GET', '/api/apps', undefined, bearer)).status).toBe(401);

    expect((await pgAdmin.request('PATCH', '/api/admin/users/pguser', { disabled: true })).status).toBe(200);
    expect((await pgUser.request('GET', '/api/auth/me')).status).toBe(401);
    const { rows: disabled } = await db.admin.query("SELECT disabled, source FROM users WHERE username = 'pguser'");
    expect(disabled).toEqual([{ disabled: true, source: 'admin' }]);
    const kinds = (await pgAdmin.request('GET', '/api/admin/changes')).body.changes.map((c: any) => `${c.kind}:${c.target === 'pguser' ? 'pguser' : 'token'}`);
    expect(kinds).toEqual(['user:pguser', 'token:token', 'token:token', 'user:pguser', 'user:pguser']);
  });
});
