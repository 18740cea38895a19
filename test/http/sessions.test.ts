import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function postLogin(username: string, password: string) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

const sessionIdOf = (cookie: string) => cookie.replace(/^rt_session=/, '');

describe('the session cache', () => {
  it('answers a logged-in request without reading the system store, and a logout at once', async () => {
    const client = await ApiClient.login(server.url, 'partner2');
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
    const system = server.runtime.system;
    let queries = 0;
    const query = system.query;
    system.query = (...args) => {
      queries += 1;
      return query.apply(system, args);
    };
    try {
      expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
      expect(queries).toBe(0);
    } finally {
      system.query = query;
    }
    const copy = new ApiClient(server.url);
    copy.cookie = client.cookie;
    expect((await client.request('POST', '/api/auth/logout')).status).toBe(200);
    expect((await copy.request('GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('logout everywhere', () => {
  it("ends every session of the user and no one else's", async () => {
    const [laptop, phone, other] = await Promise.all([
      ApiClient.login(server.url, 'partner2'),
      ApiClient.login(server.url, 'partner2'),
      ApiClient.login(server.url, 'partner3'),
    ]);
    expect((await phone.request('GET', '/api/auth/me')).status).toBe(200);
    const response = await laptop.request('POST', '/api/auth/logout-all');
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/rt_session=;/);
    for (const client of [laptop, phone]) {
      const me = await client.request('GET', '/api/auth/me');
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('AUTH_REQUIRED');
    }
    expect((await other.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('needs the CSRF token like every state change', async () => {
    const client = await ApiClient.login(server.url, 'partner2');
    const response = await fetch(`${server.url}/api/auth/logout-all`, { method: 'POST', headers: { cookie: client.cookie } });
    expect(response.status).toBe(403);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('login rate limiting', () => {
  it('answers the 11th failed attempt with 429 AUTH_RATE_LIMITED and Retry-After, and refuses even the right password then', async () => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await postLogin('partner4', `wrong-${attempt}`);
      expect({ attempt, status: response.status }).toEqual({ attempt, status: 401 });
    }
    const limited = await postLogin('partner4', 'wrong-11');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('AUTH_RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(limited.body.error.details).toEqual({ retryAfterSeconds: retryAfter });

    const right = await postLogin('partner4', 'demo');
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
  });

  it('counts per username: another user from the same address still logs in', async () => {
    expect((await postLogin('partner5', 'demo')).status).toBe(200);
  });

  it('forgets the failures after a successful login', async () => {
    for (let attempt = 1; attempt <= 9; attempt += 1) expect((await postLogin('partner6', 'wrong')).status).toBe(401);
    expect((await postLogin('partner6', 'demo')).status).toBe(200);
    for (let attempt = 1; attempt <= 9; attempt += 1) expect((await postLogin('partner6', 'wrong')).status).toBe(401);
    expect((await postLogin('partner6', 'demo')).status).toBe(200);
  });

  it('does not count requests refused by the schema', async () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cfo' }),
      });
      expect(response.status).toBe(400);
    }
    expect((await postLogin('cfo', 'demo')).status).toBe(200);
  });
});

describe('security headers', () => {
  it.each(['/api/health', '/api/apps', '/'])('sends a Content-Security-Policy and helmet headers on %s', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(directives.get('default-src')).toBe("'self'");
    // Same-origin scripts and the page's one inline early script, by its hash (never 'unsafe-inline').
    expect(directives.get('script-src')).toMatch(/^'self' 'sha256-[A-Za-z0-9+/]+=*'$/);
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directives.get('img-src')).toBe("'self' data: blob:");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('sends the headers on errors too', async () => {
    const response = await fetch(`${server.url}/api/apps`, { headers: { cookie: 'rt_session=made-up' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('session expiry from roundtrip.yaml', () => {
  let short: TestServer;
  let projectDir: string;

  beforeAll(async () => {
    projectDir = mkdtempSync(join(tmpdir(), 'roundtrip-sessions-'));
    cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
    const file = join(projectDir, 'roundtrip.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nsessions:\n  idleMinutes: 5\n  absoluteHours: 1\n`);
    short = await startTestServer({ projectDir });
  });
  afterAll(async () => {
    await short?.close();
    rmSync(projectDir, { recursive: true, force: true });
  });

  const MINUTE = 60_000;

  it('ends a session idle longer than sessions.idleMinutes', async () => {
    const client = await ApiClient.login(short.url, 'viewer');
    const id = sessionIdOf(client.cookie);
    const start = Date.now();
    expect(await short.runtime.sessions.fetch(id, start + 4 * MINUTE)).toBeDefined();
    expect(await short.runtime.sessions.fetch(id, start + 4 * MINUTE + 6 * MINUTE)).toBeUndefined();
    expect((await client.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('ends an active session after sessions.absoluteHours', async () => {
    const client = await ApiClient.login(short.url, 'viewer');
    const id = sessionIdOf(client.cookie);
    const start = Date.now();
    for (let minute = 4; minute < 60; minute += 4) expect(await short.runtime.sessions.fetch(id, start + minute * MINUTE), `minute ${minute}`).toBeDefined();
    expect(await short.runtime.sessions.fetch(id, start + 61 * MINUTE)).toBeUndefined();
  });

  it('refuses a sessions block with unknown keys or zero minutes', async () => {
    const { projectSchema } = await import('../../src/app-model/project-schema.js');
    const base = { name: 'x', roles: { viewer: {} } };
    expect(projectSchema.safeParse({ ...base, sessions: { idleMinutes: 0 } }).success).toBe(false);
    expect(projectSchema.safeParse({ ...base, sessions: { idle: 5 } }).success).toBe(false);
    expect(projectSchema.parse(base).sessions).toEqual({ idleMinutes: 480, absoluteHours: 168 });
  });
});
