import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { type OidcProviderOptions, startOidcProvider, writeOidcProject, type OidcTestAccount, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { assertBrowserReady, browserSessions } from './support/chromium.js';

// Real headless Chromium, a real OpenID Connect provider and the real server: a person clicks
// "Sign in with …", signs in on the provider's page, allows access, and lands back in Roundtrip
// as the mapped user, seeing only their entities' budget lines.
//
// The browser reaches Roundtrip as http://localhost:<port> and the provider as
// http://127.0.0.1:<port>: two different sites, as in production, so the redirect back from the
// provider is a cross-site navigation (the login cookie must be SameSite=Lax to survive it).

const GRID = 'grid-budget';

const OLIVER: OidcTestAccount = {
  login: 'oliver',
  password: 'correct horse battery',
  claims: { preferred_username: 'oliver', name: 'Oliver Okafor', email: 'oliver@example.com', roles: ['all-staff', 'rt-partners'], entities: ['E06', 'E07'] },
};

const NORA: OidcTestAccount = {
  login: 'nora',
  password: 'another horse battery',
  claims: { preferred_username: 'nora', name: 'Nora No-Role', roles: ['all-staff'] },
};

/** The grid test hook of the web app (`window.__roundtripGrids`). */
type GridHook = { __roundtripGrids?: Record<string, { rows: () => Record<string, unknown>[] }> };

/** On the provider's pages: sign in like a person, then allow access. */
async function signInAtProvider(page: Page, provider: TestOidcProvider, who: OidcTestAccount) {
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.getByLabel('Username').fill(who.login);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
}

/** What one describe block signs in against: the provider, the demo server using it, and the browsers. */
interface SsoSite {
  provider?: TestOidcProvider;
  server?: TestServer;
  /** The server as the browser reaches it: http://localhost:<port>, another site than the provider's. */
  appUrl: string;
  browsers: ReturnType<typeof browserSessions>;
}

/**
 * Starts the provider first (its issuer URL goes into roundtrip.yaml before the
 * server starts), then the demo signing in with it; `prepare` adjusts the
 * running server. No redirectUri in roundtrip.yaml: Roundtrip derives it from
 * the origin the browser used. Everything is stopped after the block.
 */
function ssoSite(accounts: OidcTestAccount[], options: OidcProviderOptions = {}, prepare?: (server: TestServer) => void): SsoSite {
  const site: SsoSite = { appUrl: '', browsers: browserSessions() };
  let project: { dir: string; remove(): void } | undefined;
  beforeAll(async () => {
    await assertBrowserReady();
    site.provider = await startOidcProvider(accounts, options);
    project = writeOidcProject(site.provider);
    site.server = await startTestServer({ projectDir: project.dir });
    prepare?.(site.server);
    site.appUrl = site.server.url.replace('127.0.0.1', 'localhost');
    site.provider.registerClient(`${site.appUrl}/api/auth/oidc/callback`);
  }, 120_000);
  afterAll(async () => {
    await site.browsers.closeAll();
    await site.server?.close();
    await site.provider?.close();
    project?.remove();
  });
  return site;
}

describe('single sign-on in the browser', () => {
  const site = ssoSite([OLIVER, NORA]);
  const openBrowser = () => site.browsers.openProfile('oidc-browser');

  it('signs in at the provider and lands on the budget as the mapped partner', { timeout: 120_000 }, async () => {
    const page = await openBrowser();
    await page.goto(`${site.appUrl}/#/budget/overview`);
    await page.getByRole('link', { name: 'Sign in with Test Identity' }).click();
    await signInAtProvider(page, site.provider!, OLIVER);

    // Back in Roundtrip, on the page the person started from.
    await page.waitForURL(`${site.appUrl}/#/budget/overview`);
    await page.waitForFunction((id) => ((window as GridHook).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, GRID);

    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me.user).toEqual({
      id: 'oliver',
      username: 'oliver',
      displayName: 'Oliver Okafor',
      roles: ['finance_partner'],
      attributes: { entities: ['E06', 'E07'] },
    });

    // The grid (its first page) shows only the entities the provider's claim gave Oliver, and the
    // same read, with the browser's cookie, counts exactly their rows.
    const rows = await page.evaluate((id) => (window as GridHook).__roundtripGrids![id]!.rows(), GRID);
    expect(rows.filter((r) => !['E06', 'E07'].includes(String(r.entity_id)))).toEqual([]);
    const seen = await page.evaluate(async (csrfToken: string) => {
      const response = await fetch('/api/apps/budget/datasets/budget_lines/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ limit: 1, withTotal: true }),
      });
      return (await response.json()) as { total: number };
    }, me.csrfToken as string);
    const admin = await ApiClient.login(site.server!.url, 'admin');
    const expected = await admin.query('budget', 'budget_lines', {
      filters: [{ column: 'entity_id', op: 'in', value: ['E06', 'E07'] }],
      limit: 1,
      withTotal: true,
    });
    expect(expected.body.total).toBeGreaterThan(0);
    expect(seen.total).toBe(expected.body.total);

    const users = (await admin.request('GET', '/api/admin/users')).body.users as { username: string; source: string }[];
    expect(users.find((u) => u.username === 'oliver')).toMatchObject({ source: 'oidc' });
  });

  it('brings a person without a mapped role back to the login page with the reason', { timeout: 120_000 }, async () => {
    const page = await openBrowser();
    await page.goto(`${site.appUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Test Identity' }).click();
    await signInAtProvider(page, site.provider!, NORA);

    const message = page.getByTestId('sso-error');
    await message.waitFor();
    expect(await message.getAttribute('data-code')).toBe('AUTH_OIDC_NO_ROLE');
    expect(await message.textContent()).toContain('no role in Roundtrip');
    // Still signed out, the password form ready, and the error gone from the address.
    expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
    await page.locator('input[name="username"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#/');
  });
});

describe('a warehouse that runs every statement with the user’s own sign-in (identity mode user-token)', () => {
  // As `warehouse.identity: { mode: user-token }` of a Databricks or BigQuery project reads (DuckDB ignores the token).
  const site = ssoSite([OLIVER], { refreshTokens: true }, (server) =>
    Object.assign(server.runtime.current().config.warehouse, { identity: { mode: 'user-token' } }),
  );

  it('sends a password login back to the login page with the reason, and single sign-on opens the budget', { timeout: 120_000 }, async () => {
    const page = await site.browsers.openProfile('user-token-browser');
    await page.goto(`${site.appUrl}/#/budget/overview`);
    await page.locator('input[name="username"]').fill('partner1');
    await page.locator('input[name="password"]').fill('demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Signed in, but the warehouse needs the user's own token: back at the login page, told why.
    await page.getByText('The warehouse runs every request with your own single sign-on').waitFor();
    await page.getByRole('link', { name: 'Sign in with Test Identity' }).click();
    await signInAtProvider(page, site.provider!, OLIVER);

    await page.waitForURL(`${site.appUrl}/#/budget/overview`);
    await page.waitForFunction((id) => ((window as GridHook).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, GRID);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me.user.username).toBe('oliver');
    expect(Date.parse(me.warehouseSignIn.expiresAt)).toBeGreaterThan(Date.now());
    await page.getByTestId('current-user').click();
    expect(await page.getByTestId('warehouse-sign-in').textContent()).toBe('The warehouse runs your requests as you (single sign-on).');
  });
});
