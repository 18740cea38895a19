import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount, tableFingerprint } from '../support/warehouse-probe.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const CHANGESETS = '/api/apps/budget/tables/budget_lines/changesets';

async function postLogin(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

const sessionIdOf = (setCookie: string | null) => /(?:^|;\s*)rt_session=([^;]*)/.exec(setCookie ?? '')?.[1];

async function editBody(lineId: number) {
  return { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '1' }, expect: { amount: await budgetAmount(server.runtime, lineId) } }] };
}

async function snapshot() {
  return { budget: await tableFingerprint(server.runtime, 'budget_lines'), audit: await auditCounts(server.runtime) };
}

describe('login', () => {
  it('answers a wrong password and an unknown user with the same 401 code and message', async () => {
    const wrongPassword = await postLogin({ username: 'partner1', password: 'not-demo' });
    const unknownUser = await postLogin({ username: 'nobody', password: 'demo' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a login body that does not match the schema with 400 REQ_INVALID', async () => {
    const response = await postLogin({ username: 'partner1' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('REQ_INVALID');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and returns the user and a CSRF token', async () => {
    const response = await postLogin({ username: 'partner1', password: 'demo' });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(sessionIdOf(cookie)).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(response.body).toMatchObject({ user: { username: 'partner1', roles: ['finance_partner'] }, csrfToken: expect.any(String) });
    expect(response.body.user).not.toHaveProperty('passwordHash');
  });

  it('never adopts a session id planted before login', async () => {
    const planted = 'planted-session-id-planted-session-id-0000';
    const response = await postLogin({ username: 'partner1', password: 'demo' }, { cookie: `rt_session=${planted}` });
    expect(response.status).toBe(200);
    const issued = sessionIdOf(response.headers.get('set-cookie'));
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    const withPlanted = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: `rt_session=${planted}` } });
    expect(withPlanted.status).toBe(401);
  });

  it('issues a new session at every login and ends the one sent with it', async () => {
    const client = await ApiClient.login(server.url, 'partner1');
    const first = client.cookie;
    const again = await client.request('POST', '/api/auth/login', { username: 'partner1', password: 'demo' });
    expect(again.status).toBe(200);
    expect(client.cookie).not.toBe(first);
    const old = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: first } });
    expect(old.status).toBe(401);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('reports the current user and the same CSRF token on /api/auth/me', async () => {
    const client = await ApiClient.login(server.url, 'director');
    const me = await client.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { username: 'director', roles: ['finance_director'] }, csrfToken: client.csrfToken });
  });
});

describe('sessions', () => {
  it('answers calls without a session cookie with 401 AUTH_REQUIRED', async () => {
    const anonymous = new ApiClient(server.url);
    const before = await snapshot();
    for (const [method, path, body] of [
      ['GET', '/api/apps', undefined],
      ['GET', '/api/auth/me', undefined],
      ['POST', '/api/apps/budget/datasets/budget_lines/query', {}],
      ['POST', CHANGESETS, await editBody(30)],
    ] as const) {
      const response = await anonymous.request(method, path, body);
      expect({ path, status: response.status, code: response.body.error.code }).toEqual({ path, status: 401, code: 'AUTH_REQUIRED' });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown session cookie with 401 AUTH_REQUIRED', async () => {
    const response = await fetch(`${server.url}/api/apps`, { headers: { cookie: 'rt_session=made-up' } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error.code).toBe('AUTH_REQUIRED');
  });

  it('ends the session at logout so the old cookie no longer works', async () => {
    const client = await ApiClient.login(server.url, 'partner1');
    const cookie = client.cookie;
    expect((await client.request('GET', '/api/apps')).status).toBe(200);
    const logout = await client.request('POST', '/api/auth/logout');
    expect(logout.status).toBe(200);
    expect(logout.headers.get('set-cookie')).toMatch(/rt_session=;/);
    const reused = await fetch(`${server.url}/api/apps`, { headers: { cookie } });
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as any).error.code).toBe('AUTH_REQUIRED');
  });
});

describe('CSRF', () => {
  it.each([
    ['a missing', undefined],
    ['a wrong', 'not-the-token'],
  ])('refuses a changeset with %s X-CSRF-Token with 403 AUTH_CSRF and writes nothing', async (_label, token) => {
    const client = await ApiClient.login(server.url, 'partner1');
    const body = await editBody(31);
    const before = await snapshot();
    const response = await fetch(`${server.url}${CHANGESETS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: client.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as any).error.code).toBe('AUTH_CSRF');
    expect(await snapshot()).toEqual(before);
  });

  it("refuses another session's CSRF token", async () => {
    const [mine, theirs] = await Promise.all([ApiClient.login(server.url, 'partner1'), ApiClient.login(server.url, 'partner1')]);
    const before = await snapshot();
    const response = await mine.request('POST', CHANGESETS, await editBody(32), { 'x-csrf-token': theirs.csrfToken });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('AUTH_CSRF');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses logout without the CSRF token and keeps the session', async () => {
    const client = await ApiClient.login(server.url, 'partner1');
    const response = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: client.cookie } });
    expect(response.status).toBe(403);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('accepts the same changeset with the right token', async () => {
    const client = await ApiClient.login(server.url, 'partner1');
    const response = await client.request('POST', CHANGESETS, await editBody(33));
    expect(response.status).toBe(200);
    expect(await budgetAmount(server.runtime, 33)).toBe('1.00');
  });
});

describe('security headers', () => {
  it.each(['/api/health', '/api/apps', '/api/openapi.json'])('sends nosniff and DENY framing on %s', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
