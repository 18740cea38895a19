import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql, sql } from '../../src/warehouse/sql.js';
import { ApiClient } from '../support/api-client.js';
import { CookieBrowser, type Hop, signInWithSso as signIn, type SsoOptions } from '../support/oidc-browser.js';
import { startOidcProvider, writeOidcProject, type OidcTestAccount, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Single sign-on against a real OpenID Connect provider (oidc-provider) started here, driven
// without a browser: redirects followed by hand, cookies kept per origin, the provider's login
// and consent forms submitted like a person would.

const SECRET_VARIABLE = 'ROUNDTRIP_TEST_OIDC_SECRET';
const PASSWORD = 'correct horse battery';
const account = (login: string, claims: Record<string, unknown>): OidcTestAccount => ({ login, password: PASSWORD, claims });
const OLIVER = account('oliver', {
  preferred_username: 'oliver',
  name: 'Oliver Okafor',
  email: 'oliver@example.com',
  roles: ['rt-partners', 'all-staff'],
  entities: ['E06', 'E07'],
});
const NORA = account('nora', { preferred_username: 'nora', name: 'Nora No-Role', roles: ['all-staff', 'canteen'] });
const MALLORY = account('mallory', { preferred_username: 'admin', name: 'Not the admin', roles: ['rt-admins'] });
const PETRA = account('petra', { preferred_username: 'petra', roles: 'all-staff rt-partners', entities: ['E01'] });
const DORA = account('dora', { preferred_username: 'dora', roles: ['rt-partners'], entities: ['E02'] });

let provider: TestOidcProvider;
let project: { dir: string; remove(): void };
let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  provider = await startOidcProvider([OLIVER, NORA, MALLORY, PETRA, DORA]);
  // The secret travels as { env: NAME }, read once at start like every other secret.
  process.env[SECRET_VARIABLE] = provider.clientSecret;
  project = writeOidcProject(provider, { oidc: { clientSecret: { env: SECRET_VARIABLE } } });
  server = await startTestServer({ projectDir: project.dir });
  provider.registerClient(`${server.url}/api/auth/oidc/callback`);
  admin = await ApiClient.login(server.url, 'admin');
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
  project?.remove();
});

const signInWithSso = (browser: CookieBrowser, who: OidcTestAccount, options?: SsoOptions) => signIn(browser, server, provider, who, options);

const refusedWith = (hop: Hop, code: string) => {
  expect(hop.status).toBe(302);
  expect(hop.location).toBe(`${server.url}/#/login?error=${code}`);
};

/** Runs `check` with roundtrip.yaml edited and reloaded, then puts the file back and reloads again. */
async function withProjectFile(edit: (document: ReturnType<typeof parseDocument>) => void, check: () => Promise<void>) {
  const file = join(server.projectDir, 'roundtrip.yaml');
  const original = readFileSync(file, 'utf8');
  const document = parseDocument(original);
  edit(document);
  writeFileSync(file, document.toString());
  try {
    await server.runtime.reload();
    await check();
  } finally {
    writeFileSync(file, original);
    await server.runtime.reload();
  }
}

async function storedUser(username: string) {
  const users = (await admin.request('GET', '/api/admin/users')).body.users as any[];
  return users.find((u) => u.username === username);
}

describe('single sign-on', () => {
  it('offers the provider on the login page', async () => {
    const response = await fetch(`${server.url}/api/auth/providers`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ oidc: { label: 'Sign in with Test Identity' } });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const browser = new CookieBrowser(server.url);
    const start = await browser.request(`${server.url}/api/auth/oidc/login`);
    expect(start.status).toBe(302);
    const url = new URL(start.location!);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${server.url}/api/auth/oidc/callback`,
      scope: 'openid profile email roundtrip',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
    });
    expect(browser.cookie(server.url, 'rt_oidc')).toBeTruthy();
  });

  it('signs a person in as the mapped user: source oidc, mapped role, entities from the claim', async () => {
    const browser = new CookieBrowser(server.url);
    const { answer } = await signInWithSso(browser, OLIVER);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`${server.url}/`);
    expect(browser.cookie(server.url, 'rt_oidc'), 'the login cookie is spent').toBeUndefined();
    const oliver = await browser.apiClient();
    const me = await oliver.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({
      id: 'oliver',
      username: 'oliver',
      displayName: 'Oliver Okafor',
      roles: ['finance_partner'],
      attributes: { entities: ['E06', 'E07'] },
    });
    expect(me.body.csrfToken).toEqual(expect.any(String));
    expect(await storedUser('oliver')).toMatchObject({ source: 'oidc', roles: ['finance_partner'], attributes: { entities: ['E06', 'E07'] }, disabled: false });

    // The read policy of the demo applies to the attribute from the provider.
    const rows = await oliver.query('budget', 'budget_lines', { limit: 10000, withTotal: true });
    expect(rows.status).toBe(200);
    expect(rows.body.rows.length).toBeGreaterThan(0);
    expect(new Set(rows.body.rows.map((r: any) => r.entity_id))).toEqual(new Set(['E06', 'E07']));
    const all = await admin.query('budget', 'budget_lines', { filters: [{ column: 'entity_id', op: 'in', value: ['E06', 'E07'] }], limit: 1, withTotal: true });
    expect(rows.body.total).toBe(all.body.total);

    // A state-changing call with the session's CSRF token works like after a password login.
    const logout = await oliver.request('POST', '/api/auth/logout', {});
    expect(logout.status).toBe(200);
  });

  it('refreshes roles and attributes from the claims at the next login, and audits the change', async () => {
    const browser = new CookieBrowser(server.url);
    await signInWithSso(browser, OLIVER);
    const firstSession = browser.cookie(server.url, 'rt_session');
    OLIVER.claims = { ...OLIVER.claims, roles: ['rt-directors'], entities: ['E08'], name: 'Oliver O. Okafor' };
    try {
      // The provider remembers the person and the consent: straight back to Roundtrip.
      const { answer } = await signInWithSso(browser, OLIVER);
      expect(answer.location).toBe(`${server.url}/`);
      expect(browser.cookie(server.url, 'rt_session'), 'a new session id at every login').not.toBe(firstSession);
      expect(await storedUser('oliver')).toMatchObject({
        source: 'oidc',
        displayName: 'Oliver O. Okafor',
        roles: ['finance_director'],
        attributes: { entities: ['E08'] },
      });
      const me = await (await browser.apiClient()).request('GET', '/api/auth/me');
      expect(me.body.user.roles).toEqual(['finance_director']);
      const changes = ((await admin.request('GET', '/api/admin/changes?limit=1000')).body.changes as any[]).filter((c) => c.target === 'oliver');
      expect(changes.map((c) => c.newValue.action)).toEqual(expect.arrayContaining(['oidc-create', 'oidc-update']));
      const update = changes.find((c) => c.newValue.action === 'oidc-update');
      expect(update).toMatchObject({ username: 'oliver', kind: 'user', oldValue: { roles: ['finance_partner'] }, newValue: { roles: ['finance_director'] } });
    } finally {
      OLIVER.claims = { ...OLIVER.claims, roles: ['rt-partners', 'all-staff'], entities: ['E06', 'E07'], name: 'Oliver Okafor' };
    }
  });

  it('applies claims refreshed by a sign-in elsewhere to an open session at its next request', async () => {
    const laptop = new CookieBrowser(server.url);
    await signInWithSso(laptop, OLIVER);
    const onLaptop = await laptop.apiClient();
    expect((await onLaptop.request('GET', '/api/auth/me')).body.user).toMatchObject({ roles: ['finance_partner'], attributes: { entities: ['E06', 'E07'] } });
    OLIVER.claims = { ...OLIVER.claims, roles: ['rt-directors'], entities: ['E06'] };
    try {
      expect((await signInWithSso(new CookieBrowser(server.url), OLIVER)).answer.location).toBe(`${server.url}/`);
      expect((await onLaptop.request('GET', '/api/auth/me')).body.user).toMatchObject({ roles: ['finance_director'], attributes: { entities: ['E06'] } });
    } finally {
      OLIVER.claims = { ...OLIVER.claims, roles: ['rt-partners', 'all-staff'], entities: ['E06', 'E07'] };
    }
  });

  it('reads roles given as one space-separated string', async () => {
    const browser = new CookieBrowser(server.url);
    const { answer } = await signInWithSso(browser, PETRA);
    expect(answer.location).toBe(`${server.url}/`);
    expect(await storedUser('petra')).toMatchObject({ source: 'oidc', roles: ['finance_partner'], attributes: { entities: ['E01'] } });
  });

  it('refuses a password login for a single sign-on user, even after an admin set a password', async () => {
    await signInWithSso(new CookieBrowser(server.url), DORA);
    const anyPassword = await new ApiClient(server.url).request('POST', '/api/auth/login', { username: 'dora', password: 'oidc' });
    expect(anyPassword.status).toBe(401);
    expect(anyPassword.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await admin.request('POST', '/api/admin/users/dora/password', { password: PASSWORD })).status).toBe(200);
    const withPassword = await new ApiClient(server.url).request('POST', '/api/auth/login', { username: 'dora', password: PASSWORD });
    expect(withPassword.status).toBe(401);
    expect(withPassword.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('refuses a person none of whose provider roles is mapped (AUTH_OIDC_NO_ROLE) and stores nothing', async () => {
    const browser = new CookieBrowser(server.url);
    const { answer } = await signInWithSso(browser, NORA);
    refusedWith(answer, 'AUTH_OIDC_NO_ROLE');
    expect(browser.cookie(server.url, 'rt_session')).toBeUndefined();
    expect(await storedUser('nora')).toBeUndefined();
  });

  it('refuses a callback whose state was altered (AUTH_OIDC_STATE), and the login cannot be finished afterwards', async () => {
    const browser = new CookieBrowser(server.url);
    let genuine: URL | undefined;
    const { answer } = await signInWithSso(browser, OLIVER, {
      alterCallback: (url) => {
        genuine = new URL(url);
        url.searchParams.set('state', `${url.searchParams.get('state')}x`);
        return url;
      },
    });
    refusedWith(answer, 'AUTH_OIDC_STATE');
    expect(browser.cookie(server.url, 'rt_session')).toBeUndefined();
    refusedWith(await browser.request(genuine!.href), 'AUTH_OIDC_STATE');
  });

  it('refuses a genuine callback in a browser that did not start the login (AUTH_OIDC_STATE)', async () => {
    const { callback } = await signInWithSso(new CookieBrowser(server.url), OLIVER, { alterCallback: (url) => url });
    const victim = new CookieBrowser(server.url);
    refusedWith(await victim.request(callback.href), 'AUTH_OIDC_STATE');
    expect(victim.cookie(server.url, 'rt_session')).toBeUndefined();
  });

  it('refuses a replayed callback (AUTH_OIDC_STATE)', async () => {
    const browser = new CookieBrowser(server.url);
    const { callback, answer } = await signInWithSso(browser, OLIVER);
    expect(answer.location).toBe(`${server.url}/`);
    refusedWith(await browser.request(callback.href), 'AUTH_OIDC_STATE');
  });

  it('reports a sign-in cancelled at the provider (AUTH_OIDC_DENIED)', async () => {
    const { answer } = await signInWithSso(new CookieBrowser(server.url), OLIVER, { cancel: true });
    refusedWith(answer, 'AUTH_OIDC_DENIED');
  });

  it('never lets a provider username take over a local user (AUTH_OIDC_USER_CONFLICT)', async () => {
    const { answer } = await signInWithSso(new CookieBrowser(server.url), MALLORY);
    refusedWith(answer, 'AUTH_OIDC_USER_CONFLICT');
    expect(await storedUser('admin')).toMatchObject({ source: 'config', displayName: 'Ada Admin', roles: ['admin'] });
  });

  it('refuses a user an admin disabled (AUTH_OIDC_USER_DISABLED), then lets them in again once enabled', async () => {
    await signInWithSso(new CookieBrowser(server.url), PETRA);
    expect((await admin.request('PATCH', '/api/admin/users/petra', { disabled: true })).status).toBe(200);
    refusedWith((await signInWithSso(new CookieBrowser(server.url), PETRA)).answer, 'AUTH_OIDC_USER_DISABLED');
    expect((await admin.request('PATCH', '/api/admin/users/petra', { disabled: false })).status).toBe(200);
    expect((await signInWithSso(new CookieBrowser(server.url), PETRA)).answer.location).toBe(`${server.url}/`);
  });

  it('returns to the page the person was on, and never to another site', async () => {
    const back = await signInWithSso(new CookieBrowser(server.url), OLIVER, { loginQuery: `?returnTo=${encodeURIComponent('#/budget/overview')}` });
    expect(back.answer.location).toBe(`${server.url}/#/budget/overview`);
    const elsewhere = await signInWithSso(new CookieBrowser(server.url), OLIVER, { loginQuery: `?returnTo=${encodeURIComponent('https://evil.example/')}` });
    expect(elsewhere.answer.location).toBe(`${server.url}/`);
  });

  it('adds the provider-specific authorizationParams to the authorization URL, and keeps no token where the warehouse needs none', async () => {
    await withProjectFile(
      (document) => document.setIn(['identity', 'oidc', 'authorizationParams'], { access_type: 'offline', prompt: 'consent' }),
      async () => {
        const start = await new CookieBrowser(server.url).request(`${server.url}/api/auth/oidc/login`);
        const url = new URL(start.location!);
        expect(url.searchParams.get('access_type')).toBe('offline');
        expect(url.searchParams.get('prompt')).toBe('consent');
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      },
    );
    const browser = new CookieBrowser(server.url);
    await signInWithSso(browser, OLIVER);
    const me = await (await browser.apiClient()).request('GET', '/api/auth/me');
    expect(me.body).not.toHaveProperty('warehouseSignIn');
    const { rows } = await runSql(server.runtime.system, sql`SELECT count(*) AS n FROM session_tokens`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('reports a provider that cannot be reached (AUTH_OIDC_UNAVAILABLE)', async () => {
    await withProjectFile(
      (document) => document.setIn(['identity', 'oidc', 'issuer'], 'http://127.0.0.1:1/realms/gone'),
      async () => {
        refusedWith(await new CookieBrowser(server.url).request(`${server.url}/api/auth/oidc/login`), 'AUTH_OIDC_UNAVAILABLE');
      },
    );
  });

  it('turns single sign-on off when roundtrip.yaml no longer configures it (hot reload)', async () => {
    await withProjectFile(
      (document) => document.deleteIn(['identity']),
      async () => {
        expect(await (await fetch(`${server.url}/api/auth/providers`)).json()).toEqual({ oidc: null });
        refusedWith(await new CookieBrowser(server.url).request(`${server.url}/api/auth/oidc/login`), 'AUTH_OIDC_NOT_CONFIGURED');
      },
    );
    expect(await (await fetch(`${server.url}/api/auth/providers`)).json()).toEqual({ oidc: { label: 'Sign in with Test Identity' } });
  });
});
