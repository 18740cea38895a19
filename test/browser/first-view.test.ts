import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { signEmbedToken } from '../support/embed-token.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';
import { assertBrowserReady, browserSessions } from './support/chromium.js';

// The first view of a page in Chromium: the page-opening request leaves from the inline early script,
// the KPI values show before the app's bundle has arrived (the test holds the bundle back until it
// has looked), then the app replaces the early view with its own page in one step, using the
// opening results instead of asking again. Signed out, nothing is painted; opened again later,
// the page shows current numbers, not the opening ones.

const SHOTS = 'test-results/first-view';
const SECRET = 'a-first-view-embedding-secret-of-32-bytes';
const KPIS = ['kpi-actual', 'kpi-budget', 'kpi-variance'];

/** Holds the app's entry bundle until `release()`: the early view is all there is until then. */
async function holdAppBundle(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[^/]+\.js$/, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

const values = (page: Page, scope: string) =>
  page.evaluate(([scope, ids]) => ids.map((id) => document.querySelector(`${scope} [data-testid="kpi-${id}"]`)?.getAttribute('data-value') ?? null), [
    scope,
    KPIS,
  ] as const);

describe('first view of a page', () => {
  let server: TestServer;
  let root: string;
  const sessions = browserSessions();
  const current = () => server;

  beforeAll(async () => {
    await assertBrowserReady();
    mkdirSync(SHOTS, { recursive: true });
    process.env.RT_TEST_FIRST_VIEW_SECRET = SECRET;
    root = mkdtempSync(join(tmpdir(), 'roundtrip-first-view-'));
    cpSync(DEMO_DIR, root, { recursive: true, filter: (p) => !/[\\/]\.data([\\/]|$)/.test(p) });
    appendFileSync(
      join(root, 'roundtrip.yaml'),
      '\nembeddings:\n  portal:\n    secret: { env: RT_TEST_FIRST_VIEW_SECRET }\n    origins: [http://127.0.0.1]\n    apps: [budget]\n    roles: [finance_partner]\n',
    );
    server = await startTestServer({ projectDir: root });
  }, 120_000);
  afterAll(async () => {
    await sessions.closeAll();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('shows the KPI values before the app loads, then the app takes over without asking again', { timeout: 120_000 }, async () => {
    const url = current().url;
    const api = await ApiClient.login(url, 'partner1');
    const expected = (await api.query('budget', 'totals', { limit: 1, params: { entity: null } })).body.rows[0];
    const page = await sessions.openProfile('first-view');
    const [name, value] = api.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url }]);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    // The app's code is asked for only once the opening answer is there (it would compete with it): checked below.
    const order: string[] = [];
    page.on('response', (r) => void (r.url().includes('/first-view') && order.push('answer')));
    page.on('request', (r) => void (/^\/assets\/index-[^/]+\.js$/.test(new URL(r.url()).pathname) && order.push('code')));
    const release = await holdAppBundle(page);

    await page.goto(`${url}/#/budget/overview`, { waitUntil: 'commit' });
    await page.waitForSelector('#first-view [data-testid="kpi-kpi-variance"][data-value]');
    expect(await values(page, '#first-view')).toEqual([expected.actual, expected.budget, expected.variance]);
    expect(await page.locator('#first-view .kpi-value').first().textContent()).toMatch(/^-?€[\d.,]+[KMB]?$/);
    expect(await page.locator('#first-view .sidebar').count()).toBe(1);
    expect(await page.locator('#root').isVisible()).toBe(false);
    await expect.poll(() => order.length).toBe(2);
    await page.screenshot({ path: `${SHOTS}/early-view.png` });
    // On a phone the early view takes the app's phone layout: the sidebar is a closed drawer, the KPIs fit the width.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#first-view .sidebar').waitFor({ state: 'hidden' });
    const strip = await page.locator('#first-view .section-kpis').boundingBox();
    expect(strip!.x + strip!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/early-view-390.png` });
    await page.setViewportSize({ width: 1440, height: 1000 });

    release();
    await page.waitForSelector('#root [data-testid="kpi-kpi-variance"][data-value]');
    // The code was asked for once the answer was there; only an answer slower than the early script's
    // wait (100 ms from before it asked) lets the code go first (a busy machine's).
    // The page's own clock: the resource timing of the opening request and of the code (sent when the page asked for it, held or not).
    const timing = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const answer = entries.find((e) => new URL(e.name).pathname.endsWith('/first-view'));
      const code = entries.find((e) => /^\/assets\/index-[^/]+\.js$/.test(new URL(e.name).pathname));
      return { answerStart: answer?.startTime ?? NaN, answerEnd: answer?.responseEnd ?? NaN, codeStart: code?.startTime ?? NaN };
    });
    expect(timing.codeStart, JSON.stringify({ order, ...timing })).toBeGreaterThanOrEqual(Math.min(timing.answerEnd, timing.answerStart + 90));
    expect(await page.locator('#first-view > *').count()).toBe(0);
    expect(await values(page, '#root')).toEqual([expected.actual, expected.budget, expected.variance]);
    expect(await page.locator('[data-testid^="kpi-kpi-"]').count()).toBe(3);
    await page.waitForSelector('[data-testid="live-status"][data-status="live"]');
    await page.screenshot({ path: `${SHOTS}/app-page.png` });
    // One opening request stood in for the session, the app definition and the KPI dataset.
    expect(requests.filter((r) => /\/api\/apps\/budget\/first-view$/.test(r))).toHaveLength(1);
    expect(requests.filter((r) => r === 'GET /api/auth/me' || r === 'GET /api/apps/budget' || r.endsWith('/datasets/totals/query'))).toEqual([]);

    // A change afterwards reaches the page, and opening the page again shows it, not the opening numbers.
    const line = (await api.query('budget', 'budget_lines', { filters: [{ column: 'entity_id', op: 'eq', value: 'E01' }], limit: 1 })).body.rows[0];
    const written = await api.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: line.line_id }, set: { amount: (Number(line.amount) + 1000).toFixed(2) }, expect: { amount: line.amount } }],
    });
    expect(written.status).toBe(200);
    const after = (await api.query('budget', 'totals', { limit: 1, params: { entity: null } })).body.rows[0];
    expect(after.budget).not.toBe(expected.budget);
    await page.waitForFunction((v) => document.querySelector('[data-testid="kpi-kpi-budget"]')?.getAttribute('data-value') === v, after.budget);
    await page.evaluate(() => (window.location.hash = '#/budget/plan'));
    await page.waitForSelector('[data-testid="page-plan"]');
    await page.evaluate(() => (window.location.hash = '#/budget/overview'));
    await page.waitForSelector('#root [data-testid="kpi-kpi-budget"][data-value]');
    expect(await values(page, '#root')).toEqual([after.actual, after.budget, after.variance]);
  });

  it('paints the embedded page for the token’s viewer, without the app chrome', { timeout: 120_000 }, async () => {
    const url = current().url;
    const admin = await ApiClient.login(url, 'admin');
    const expected = (await admin.query('budget', 'totals', { limit: 1, params: { entity: 'E03' } })).body.rows[0];
    const page = await sessions.openProfile('first-view-embed');
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const release = await holdAppBundle(page);
    await page.goto(`${url}/embed/budget/overview?token=${await embedToken()}`, { waitUntil: 'commit' });
    await page.waitForSelector('#first-view [data-testid="kpi-kpi-actual"][data-value]');
    expect(await values(page, '#first-view')).toEqual([expected.actual, expected.budget, expected.variance]);
    expect(await page.locator('#first-view .embed-shell').count()).toBe(1);
    // The embedded page brought its opening answer with it: no request was needed for it.
    expect(asked.filter((p) => p.endsWith('/first-view'))).toEqual([]);
    expect(await page.locator('#first-view .sidebar').count()).toBe(0);
    release();
    await page.waitForSelector('[data-testid="embed-shell"] [data-testid="kpi-kpi-actual"][data-value]');
    expect(await page.locator('#first-view > *').count()).toBe(0);
    expect(await values(page, '#root')).toEqual([expected.actual, expected.budget, expected.variance]);
    // An embedded page has no address of its own to share.
    expect(await page.getByTestId('copy-page-link').count()).toBe(0);
  });

  it('opens a shared page address with the values inside the page, then shows it as the app’s own route', { timeout: 120_000 }, async () => {
    const url = current().url;
    const api = await ApiClient.login(url, 'cfo');
    const expected = (await api.query('budget', 'totals', { limit: 1, params: { entity: null } })).body.rows[0];
    const page = await sessions.openProfile('first-view-address');
    const [name, value] = api.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url }]);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const release = await holdAppBundle(page);
    await page.goto(`${url}/apps/budget/overview`, { waitUntil: 'commit' });
    await page.waitForSelector('#first-view [data-testid="kpi-kpi-variance"][data-value]');
    expect(await values(page, '#first-view')).toEqual([expected.actual, expected.budget, expected.variance]);
    expect(await page.locator('#first-view .sidebar').count()).toBe(1);
    release();
    await page.waitForSelector('#root [data-testid="kpi-kpi-variance"][data-value]');
    expect(await values(page, '#root')).toEqual([expected.actual, expected.budget, expected.variance]);
    expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe('/#/budget/overview');
    // The page's own "Copy link" gives this address back.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await page.getByTestId('copy-page-link').click();
    await page.waitForSelector('[data-testid="copy-page-link"][data-state="copied"]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${url}/apps/budget/overview`);
    // The answer came with the page: neither the opening request nor the requests it stands in for were sent.
    expect(asked.filter((p) => p.endsWith('/first-view') || p === '/api/auth/me' || p === '/api/apps/budget' || p.endsWith('/totals/query'))).toEqual([]);
  });

  it('opens a page with the filter values its address holds, keeps them there and shares them', { timeout: 120_000 }, async () => {
    const url = current().url;
    const api = await ApiClient.login(url, 'cfo');
    const totalsOf = async (entity: string | null) => {
      const row = (await api.query('budget', 'totals', { limit: 1, params: { entity } })).body.rows[0];
      return [row.actual, row.budget, row.variance];
    };
    const [e03, e05, all] = [await totalsOf('E03'), await totalsOf('E05'), await totalsOf(null)];
    expect(new Set([String(e03), String(e05), String(all)]).size, 'three different sets of totals').toBe(3);
    const page = await sessions.openProfile('first-view-filters');
    const [name, value] = api.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url }]);
    const showing = (expected: unknown[]) =>
      page.waitForFunction(
        ([ids, want]) => ids.every((id, i) => document.querySelector(`#root [data-testid="kpi-${id}"]`)?.getAttribute('data-value') === want[i]),
        [KPIS, expected] as const,
      );

    // The early view paints E03's values: the opening request took the address's filter values along,
    // and the app then uses its results instead of asking again.
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    let release = await holdAppBundle(page);
    await page.goto(`${url}/#/budget/overview?entity=E03`, { waitUntil: 'commit' });
    await page.waitForSelector('#first-view [data-testid="kpi-kpi-variance"][data-value]');
    expect(await values(page, '#first-view')).toEqual(e03);
    release();
    await showing(e03);
    expect(asked.filter((p) => p.endsWith('/totals/query'))).toEqual([]);
    // The filter shows E03 once its options have loaded.
    await page.waitForFunction(() => /^E03 /.test(document.querySelector<HTMLSelectElement>('select[name="entity"]')?.selectedOptions[0]?.textContent ?? ''));

    // Another entity chosen: the address follows, and Copy link shares it.
    const e05Label = await page.$eval('select[name="entity"]', (s) => [...(s as HTMLSelectElement).options].find((o) => o.text.startsWith('E05 '))!.text);
    await page.locator('select[name="entity"]').selectOption({ label: e05Label });
    await showing(e05);
    await page.waitForFunction(() => window.location.hash === '#/budget/overview?entity=E05');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await page.getByTestId('copy-page-link').click();
    await page.waitForSelector('[data-testid="copy-page-link"][data-state="copied"]');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${url}/apps/budget/overview?entity=E05`);
    // Back to the default: the address holds no filter values again.
    await page.locator('select[name="entity"]').selectOption({ label: 'All' });
    await showing(all);
    await page.waitForFunction(() => window.location.hash === '#/budget/overview');
    // An address changed from outside (edited, or back and forward) shows the page with its values.
    await page.evaluate(() => {
      window.location.hash = '#/budget/overview?entity=E03';
    });
    await showing(e03);

    // The shared link opens on E05 (someone else's browser: a page of its own), as the app's route.
    const other = await sessions.openProfile('first-view-filters-link');
    await other.context().addCookies([{ name, value, url }]);
    release = await holdAppBundle(other);
    await other.goto(link, { waitUntil: 'commit' });
    await other.waitForSelector('#first-view [data-testid="kpi-kpi-variance"][data-value]');
    expect(await values(other, '#first-view')).toEqual(e05);
    release();
    await other.waitForFunction(
      ([ids, want]) => ids.every((id, i) => document.querySelector(`#root [data-testid="kpi-${id}"]`)?.getAttribute('data-value') === want[i]),
      [KPIS, e05] as const,
    );
    expect(new URL(other.url()).pathname + new URL(other.url()).hash).toBe('/#/budget/overview?entity=E05');
  });

  it('paints nothing for a signed-out visitor, who gets the sign-in page', { timeout: 60_000 }, async () => {
    const page = await sessions.openProfile('first-view-anonymous');
    const release = await holdAppBundle(page);
    const opening = page.waitForResponse((r) => r.url().includes('/first-view'));
    await page.goto(`${current().url}/#/budget/overview`, { waitUntil: 'commit' });
    expect((await opening).status()).toBe(401);
    expect(await page.locator('#first-view > *').count()).toBe(0);
    release();
    await page.waitForSelector('input[name="username"]');
    expect(await page.locator('[data-testid^="kpi-"]').count()).toBe(0);
  });
});

/** A token of the demo's embedding for a viewer of entity E03, with the page's entity locked to it. */
function embedToken(): Promise<string> {
  return signEmbedToken('portal', SECRET, {
    sub: 'first-view',
    name: 'First view',
    roles: ['finance_partner'],
    attributes: { entities: ['E03'] },
    app: 'budget',
    page: 'overview',
    params: { entity: 'E03' },
  });
}
