import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editUser } from '../../src/governance/identity/manage-users.js';
import type { Principal } from '../../src/governance/principal.js';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { openEventStream } from '../support/event-stream.js';
import { systemQueriesOf } from '../support/system-queries.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createGuardedBudget, writeGuardedProject } from './fixture.js';

let db: TestDatabase;
let serverA: TestServer;
let serverB: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await createGuardedBudget(db);
  const projectDir = await writeGuardedProject(db, { systemStore: 'postgres' });
  serverA = await startTestServer({ projectDir });
  serverB = await startTestServer({ projectDir });
});
afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
  await db?.drop();
});

it('shares sessions between two servers on one PostgreSQL system store', async () => {
  const onA = await ApiClient.login(serverA.url, 'partner1');
  const onB = new ApiClient(serverB.url);
  onB.cookie = onA.cookie;
  onB.csrfToken = onA.csrfToken;
  const me = await onB.request('GET', '/api/auth/me');
  expect(me.status).toBe(200);
  expect(me.body.user.username).toBe('partner1');
  const write = await onB.changeset('budget', 'budget_lines', {
    changes: [{ op: 'update', key: { line_id: 30 }, set: { amount: '31' }, expect: { amount: '1030' } }],
  });
  expect(write.status).toBe(200);
});

it('delivers a write made through server A to an SSE client of server B', async () => {
  const watcher = await ApiClient.login(serverB.url, 'director');
  const events = await openEventStream(serverB.url, watcher.cookie);
  try {
    const writer = await ApiClient.login(serverA.url, 'partner1');
    const write = await writer.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 31 }, set: { amount: '32' }, expect: { amount: '1031' } }],
    });
    expect(write.status).toBe(200);
    const event = await events.waitFor((e) => e.event === 'change', 5000);
    expect(event.data).toEqual({ app: 'budget', table: 'budget_lines', keys: [{ line_id: 31 }], changesetId: write.body.changesetId, user: 'partner1' });
  } finally {
    events.close();
  }
});

it("shows a user on server A, with the row they edit, to a viewer on server B, and drops them when A's stream closes", async () => {
  const watcher = await ApiClient.login(serverB.url, 'director');
  const events = await openEventStream(serverB.url, watcher.cookie);
  const editor = await ApiClient.login(serverA.url, 'partner1');
  const editorStream = await openEventStream(serverA.url, editor.cookie, {}, '?tab=two-servers-tab');
  try {
    const editing = { block: 'grid', table: 'budget_lines', key: { line_id: 32 } };
    const announced = await editor.request('POST', '/api/apps/budget/presence', { tab: 'two-servers-tab', page: 'main', editing });
    expect(announced.status).toBe(200);
    const shown = await events.waitFor((e) => e.event === 'presence' && e.data.others.some((o: { userId: string }) => o.userId === 'partner1'), 5000);
    expect(shown.data.others).toEqual([{ userId: 'partner1', displayName: expect.any(String), page: 'main', editing }]);
    editorStream.close();
    await events.waitFor((e) => e !== shown && e.event === 'presence' && e.data.others.length === 0, 5000);
  } finally {
    editorStream.close();
    events.close();
  }
});

it('counts failed logins across servers: 10 failures through A lock the login on B too', async () => {
  const login = (url: string, password: string) =>
    fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'viewer', password }) });
  for (let attempt = 1; attempt <= 5; attempt += 1) expect((await login(serverA.url, `wrong-${attempt}`)).status).toBe(401);
  for (let attempt = 6; attempt <= 10; attempt += 1) expect((await login(serverB.url, `wrong-${attempt}`)).status).toBe(401);
  try {
    for (const url of [serverA.url, serverB.url]) {
      const refused = await login(url, 'demo');
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('AUTH_RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    }
  } finally {
    // Other tests log in as viewer.
    await serverA.runtime.system.query('DELETE FROM login_failures');
  }
});

describe('session cache', () => {
  const operator: Principal = { id: 'ops', username: 'ops', displayName: 'Operator', roles: ['admin'], attributes: {} };

  /** A session opened on server A and used on server B, which then holds it in its cache. */
  async function sessionOnBoth(username: string) {
    const onA = await ApiClient.login(serverA.url, username);
    const onB = new ApiClient(serverB.url);
    onB.cookie = onA.cookie;
    onB.csrfToken = onA.csrfToken;
    // Right after start B may not yet trust its cache (its first heartbeat must come back): wait until it answers from it.
    await pollUntil(async () => (await systemQueriesOf(serverB.runtime, () => onB.request('GET', '/api/auth/me'))) === 0);
    expect(await systemQueriesOf(serverB.runtime, () => onB.request('GET', '/api/auth/me'))).toBe(0);
    return { onA, onB };
  }

  it('answers a session on server B from its cache: no system-store query', async () => {
    const { onB } = await sessionOnBoth('partner1');
    let me: Awaited<ReturnType<ApiClient['request']>> | undefined;
    expect(await systemQueriesOf(serverB.runtime, async () => (me = await onB.request('GET', '/api/auth/me')))).toBe(0);
    expect(me?.body.user).toMatchObject({ username: 'partner1', roles: ['finance_partner'] });
  });

  it('ends the session on server B when the user logs out everywhere through server A', async () => {
    const { onA, onB } = await sessionOnBoth('partner1');
    expect((await onA.request('POST', '/api/auth/logout-all')).status).toBe(200);
    await pollUntil(async () => (await onB.request('GET', '/api/auth/me')).status === 401);
    const me = await onB.request('GET', '/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('AUTH_REQUIRED');
  });

  it('takes a role away on server B when it is removed through server A', async () => {
    const { onB } = await sessionOnBoth('director');
    try {
      await editUser(serverA.runtime.identity, operator, 'director', { roles: ['viewer'] });
      await pollUntil(async () => (await onB.request('GET', '/api/auth/me')).body.user?.roles?.[0] === 'viewer');
      expect((await onB.request('GET', '/api/auth/me')).body.user.roles).toEqual(['viewer']);
      const write = await onB.changeset('budget', 'budget_lines', {
        changes: [{ op: 'update', key: { line_id: 32 }, set: { amount: '33' }, expect: { amount: '1032' } }],
      });
      expect(write.status).toBe(403);
    } finally {
      await editUser(serverA.runtime.identity, operator, 'director', { roles: ['finance_director'] });
    }
  });

  it('refuses on server B, at once, an API token it holds in memory once it is revoked through server A', async () => {
    const owner = await ApiClient.login(serverA.url, 'partner1');
    const created = await owner.request('POST', '/api/tokens', { name: 'nightly job', apps: ['budget'], access: 'read' });
    expect(created.status).toBe(200);
    const onB = new ApiClient(serverB.url);
    const me = () => onB.request('GET', '/api/auth/me', undefined, { authorization: `Bearer ${created.body.secret}` });
    expect((await me()).status).toBe(200);
    await pollUntil(async () => (await systemQueriesOf(serverB.runtime, me)) === 0);
    expect(await systemQueriesOf(serverB.runtime, me)).toBe(0);
    expect((await owner.request('DELETE', `/api/tokens/${created.body.token.id}`)).status).toBe(200);
    // Well inside the cache's 30 s: only the invalidation can end it this soon.
    await pollUntil(async () => (await me()).status === 401);
    expect((await me()).status).toBe(401);
  });

  it('refuses on server B the session of a user disabled through server A', async () => {
    const { onB } = await sessionOnBoth('viewer');
    try {
      await editUser(serverA.runtime.identity, operator, 'viewer', { disabled: true });
      await pollUntil(async () => (await onB.request('GET', '/api/auth/me')).status === 401);
      expect((await onB.request('GET', '/api/auth/me')).status).toBe(401);
    } finally {
      await editUser(serverA.runtime.identity, operator, 'viewer', { disabled: false });
    }
  });
});

/** Retries `check` for at most two seconds (a notification's way to the other server); the caller asserts afterwards. */
async function pollUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline && !(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}
