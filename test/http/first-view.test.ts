import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstViewResponseSchema } from '../../src/contract/index.js';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';

// The page-opening request (GET /api/apps/:app/first-view): the one request a page's early script
// sends before the app's code loads. It must answer exactly what the three requests it replaces
// would (the session, the app definition, the KPI datasets with the page's opening parameters),
// under the same read policies, and refuse what they refuse.

describe.each(ENGINES)('page-opening request on $name', (engine) => {
  let server: TestServer;
  let admin: ApiClient;
  let partner: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine, projectDir: DEMO_DIR });
    [admin, partner] = await Promise.all([ApiClient.login(server.url, 'admin'), ApiClient.login(server.url, 'partner1')]);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers what the session, app and KPI dataset requests would, in one response', async () => {
    const opening = await admin.request('GET', '/api/apps/budget/first-view?page=overview');
    expect(opening.status).toBe(200);
    const parsed = firstViewResponseSchema.safeParse(opening.body);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const me = await admin.request('GET', '/api/auth/me');
    expect({ user: opening.body.user, csrfToken: opening.body.csrfToken }).toEqual(me.body);
    expect(opening.body.app).toEqual((await admin.request('GET', '/api/apps/budget')).body);
    expect(opening.body.page).toBe('overview');
    // The three KPIs read one dataset: it runs once, with the entity filter's opening value (none).
    const request = { limit: 1, params: { entity: null } };
    const totals = (await admin.query('budget', 'totals', request)).body;
    expect(opening.body.datasets).toEqual([{ dataset: 'totals', request, result: totals }]);
    // Each KPI with its value formatted as the page shows it (compact euros), for the early view.
    const kpis = opening.body.kpis as { block: string; value: unknown; text: string }[];
    expect(kpis.map((k) => [k.block, k.value])).toEqual([
      ['kpi-actual', totals.rows[0].actual],
      ['kpi-budget', totals.rows[0].budget],
      ['kpi-variance', totals.rows[0].variance],
    ]);
    for (const kpi of kpis) expect(kpi.text).toMatch(/^-?€\d+(\.\d)?[KMB]$/);
    expect(kpis[0]!.text).not.toBe(kpis[1]!.text);
  });

  it("applies the viewer's read policy to the KPI results", async () => {
    const opening = await partner.request('GET', '/api/apps/budget/first-view?page=overview');
    expect(opening.status).toBe(200);
    const own = await partner.query('budget', 'totals', { limit: 1, params: { entity: null } });
    const all = await admin.query('budget', 'totals', { limit: 1, params: { entity: null } });
    expect(opening.body.datasets[0].result).toEqual(own.body);
    expect(own.body.rows[0].budget).not.toEqual(all.body.rows[0].budget);
    expect(opening.body.app.tables.budget_lines.canDelete).toBe(false);
  });

  it('opens the first page for an unknown or missing page, and runs nothing for a page without KPIs', async () => {
    for (const query of ['?page=no-such-page', '']) {
      const opening = await admin.request('GET', `/api/apps/budget/first-view${query}`);
      expect([query, opening.status, opening.body.page]).toEqual([query, 200, 'overview']);
    }
    const plan = await admin.request('GET', '/api/apps/budget/first-view?page=plan');
    expect([plan.status, plan.body.page, plan.body.datasets, plan.body.kpis]).toEqual([200, 'plan', [], []]);
  });

  it('refuses as the routes it replaces do: signed out, unknown app, bad query', async () => {
    const anonymous = await new ApiClient(server.url).request('GET', '/api/apps/budget/first-view');
    expect([anonymous.status, anonymous.body.error?.code]).toEqual([401, 'AUTH_REQUIRED']);
    const unknown = await admin.request('GET', '/api/apps/no-such-app/first-view');
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'APP_NOT_FOUND']);
    const bad = await admin.request('GET', '/api/apps/budget/first-view?page=overview&limit=5');
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'REQ_INVALID']);
    expect(bad.body.error.message).toContain('limit');
    const long = await admin.request('GET', `/api/apps/budget/first-view?page=overview&params=${'x'.repeat(3000)}`);
    expect([long.status, long.body.error?.code]).toEqual([400, 'REQ_INVALID']);
    expect(long.body.error.message).toContain('params');
  });

  it('sends the early script inline, allowed by its hash and nothing else inline', async () => {
    const response = await fetch(`${server.url}/#/budget/overview`);
    const html = await response.text();
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toContain('/first-view');
    const scriptSrc = /script-src ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1]?.split(' ');
    expect(scriptSrc).toEqual(["'self'", `'sha256-${createHash('sha256').update(inline[0]!, 'utf8').digest('base64')}'`]);
    // An embedded page is the same document, with the embedding's frame-ancestors and the same script rule.
    const embed = await fetch(`${server.url}/embed/budget/overview`);
    expect(/script-src ([^;]*)/.exec(embed.headers.get('content-security-policy') ?? '')?.[1]?.split(' ')).toEqual(scriptSrc);
  });

  it('puts the answer inside a shared page address for a signed-in user who may open the app, and nothing for anyone else', async () => {
    const inlineOf = (html: string) => {
      const found = /<script type="application\/json" id="first-view-data">([\s\S]*?)<\/script>/.exec(html);
      return found ? JSON.parse(found[1]!) : undefined;
    };
    const page = (path: string, client?: ApiClient) => fetch(`${server.url}${path}`, { headers: client ? { cookie: client.cookie } : {} });
    const shared = await page('/apps/budget/overview', partner);
    expect([shared.status, shared.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const html = await shared.text();
    // The data comes after the whole head (the app's code is fetched meanwhile) and is the API's answer.
    expect(html.indexOf('id="first-view-data"')).toBeGreaterThan(html.indexOf('rel="stylesheet"'));
    expect(inlineOf(html)).toEqual((await partner.request('GET', '/api/apps/budget/first-view?page=overview')).body);
    // The first page when the address names none.
    expect(inlineOf(await (await page('/apps/budget', admin)).text())?.page).toBe('overview');
    // The page's filter values in the address are the ones it opens with, KPI results included; the opening request
    // takes them as `params`. Names no filter owns are ignored.
    const filtered = inlineOf(await (await page('/apps/budget/overview?entity=E02&nope=1', partner)).text());
    expect(filtered).toEqual((await partner.request('GET', '/api/apps/budget/first-view?page=overview&params=entity%3DE02')).body);
    const request = { limit: 1, params: { entity: 'E02' } };
    expect(filtered.datasets).toEqual([{ dataset: 'totals', request, result: (await partner.query('budget', 'totals', request)).body }]);
    expect(filtered.datasets[0].result.rows[0].budget).not.toEqual(inlineOf(html).datasets[0].result.rows[0].budget);
    // The read policies still decide: a partner's address naming another partner's entity opens on nothing of it.
    const foreign = inlineOf(await (await page('/apps/budget/overview?entity=E06', partner)).text());
    expect(foreign.datasets[0].result).toEqual((await partner.query('budget', 'totals', { limit: 1, params: { entity: 'E06' } })).body);
    const e06 = (await admin.query('budget', 'totals', { limit: 1, params: { entity: 'E06' } })).body.rows[0];
    expect(foreign.kpis.map((k: { value: unknown }) => k.value)).not.toEqual([e06.actual, e06.budget, e06.variance]);
    // Signed out, an unknown app, an app the user may not open: the plain page, which asks the API itself.
    for (const [path, client] of [
      ['/apps/budget/overview', undefined],
      ['/apps/no-such-app/overview', admin],
      ['/apps/scenarios', partner],
    ] as const) {
      const plain = await page(path, client);
      const text = await plain.text();
      expect([path, plain.status, text.includes('<div id="root">'), inlineOf(text)]).toEqual([path, 200, true, undefined]);
    }
  });
});
