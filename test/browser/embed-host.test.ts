import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { signEmbedToken } from '../support/embed-token.js';
import { DEMO_DIR, startTestServer, TEST_WEB_DIR, type TestServer } from '../support/test-server.js';
import { assertBrowserReady, browserSessions } from './support/chromium.js';
import type { ProbeWindow } from './support/grid-probe.js';

// Real Chromium: a host product's page on another site frames the budget page with a token its
// backend signed for its viewer (entities E01 only); the viewer edits a line inside the frame, the
// host hears the commit, the audit names the external viewer. A token for another entity's viewer
// sees only that entity; a tampered token gets no page, and a host that is not registered cannot frame it.

const SECRET = 'an-embedding-secret-of-at-least-32-bytes!';
const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-embed';

describe('an app embedded in another product', () => {
  let server: TestServer;
  let root: string;
  let host: Server;
  let hostOrigin: string;
  let tokensIssued = 0;
  const sessions = browserSessions();

  beforeAll(async () => {
    await assertBrowserReady();
    host = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        // The host's backend: signs a token for its signed-in viewer.
        void token(url.searchParams.get('sub') ?? 'comp', ['E02']).then((t) => {
          tokensIssued += 1;
          res.end(t);
        });
        return;
      }
      if (url.pathname === '/component') {
        res.setHeader('content-type', 'text/html');
        res.end(`<!doctype html><html><body>
<h1>Host product</h1>
<script src="${server.url.replace('127.0.0.1', 'localhost')}/embed.js"></script>
<roundtrip-app id="rt" app="budget" page="overview" style="--rt-accent: rgb(200, 0, 0)"></roundtrip-app>
<script>
  window.__events = [];
  const el = document.getElementById('rt');
  for (const type of ['roundtrip-ready', 'roundtrip-changeset', 'roundtrip-session-ended']) el.addEventListener(type, (e) => window.__events.push({ data: e.detail }));
  el.getToken = () => fetch('/token?sub=comp').then((r) => r.text());
  el.open();
</script>
</body></html>`);
        return;
      }
      const src = url.searchParams.get('src') ?? '';
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><html><body style="margin:0">
<script>window.__events = []; addEventListener('message', (e) => window.__events.push({ origin: e.origin, data: e.data }));</script>
<iframe id="rt" src="${src.replaceAll('"', '&quot;')}" style="position:fixed;inset:0;width:100%;height:100%;border:0"></iframe>
</body></html>`);
    });
    await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
    hostOrigin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
    process.env.RT_TEST_EMBED_SECRET = SECRET;
    root = mkdtempSync(join(tmpdir(), 'roundtrip-embed-host-'));
    cpSync(DEMO_DIR, root, { recursive: true, filter: (p) => !/[\\/]\.data([\\/]|$)/.test(p) });
    appendFileSync(
      join(root, 'roundtrip.yaml'),
      `
embeddings:
  portal:
    secret: { env: RT_TEST_EMBED_SECRET }
    origins: [${hostOrigin}]
    apps: [budget]
    roles: [finance_partner]
`,
    );
    server = await startTestServer({ projectDir: root, webDir: TEST_WEB_DIR });
  }, 120_000);
  afterAll(async () => {
    await sessions.closeAll();
    await server?.close();
    await new Promise((done) => host?.close(done));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const token = (sub: string, entities: string[]) =>
    signEmbedToken('portal', SECRET, { sub, name: `Viewer ${sub}`, roles: ['finance_partner'], attributes: { entities }, app: 'budget', page: 'overview' });
  // The frame is on localhost, the host on 127.0.0.1: two sites, as in production.
  const embedUrl = (t: string) => `${server.url.replace('127.0.0.1', 'localhost')}/embed/budget/overview?token=${t}`;
  const openHost = async (name: string, src: string, origin = hostOrigin): Promise<{ page: Page; frame: () => Frame }> => {
    const page = await sessions.openProfile(name);
    await page.goto(`${origin}/?src=${encodeURIComponent(src)}`);
    return { page, frame: () => page.frames().find((f) => f.url().includes('/embed/'))! };
  };
  const gridRowsIn = (frame: Frame) => frame.evaluate((id) => (window as ProbeWindow).__roundtripGrids?.[id]?.rows() ?? [], GRID);

  it('lets the viewer edit their rows inside the host page, tells the host, and audits the external viewer', { timeout: 180_000 }, async () => {
    const { page, frame } = await openHost('host-a', embedUrl(await token('jane', ['E01'])));
    await page.waitForFunction(() => (window as unknown as { __events: { data: { type: string } }[] }).__events.some((e) => e.data.type === 'roundtrip:ready'));
    await frame().waitForFunction((id) => ((window as ProbeWindow).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, GRID);
    // The token left the frame's address; no Roundtrip chrome; only E01's lines.
    expect(frame().url()).not.toContain('token=');
    expect(await frame().locator('.sidebar, [data-testid="user-menu"]').count()).toBe(0);
    const rows = await gridRowsIn(frame());
    expect(new Set(rows.map((r) => r.entity_id))).toEqual(new Set(['E01']));

    const columns = await frame().evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.columns(), GRID);
    const amountCol = columns.indexOf('amount');
    const row = rows[0]!;
    await frame().waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    await frame().locator(`[data-block-id="${GRID}"]`).scrollIntoViewIfNeeded();
    await frame().evaluate(([id, c]) => (window as ProbeWindow).__roundtripGrids![id as string]!.scrollTo(c as number, 0), [GRID, amountCol] as const);
    const box = (await frame().evaluate(([id, c]) => (window as ProbeWindow).__roundtripGrids![id as string]!.cellBounds(c as number, 0), [
      GRID,
      amountCol,
    ] as const))!;
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.type('4242.42');
    await page.keyboard.press('Enter');

    await page.waitForFunction(() =>
      (window as unknown as { __events: { data: { type: string } }[] }).__events.some((e) => e.data.type === 'roundtrip:changeset'),
    );
    const events = await page.evaluate(() => (window as unknown as { __events: { origin: string; data: Record<string, unknown> }[] }).__events);
    const committed = events.find((e) => e.data.type === 'roundtrip:changeset')!;
    expect(committed.data).toMatchObject({ app: 'budget', table: 'budget_lines', rows: 1 });
    const audit = await server.runtime.warehouse.query('SELECT username FROM roundtrip_audit.changesets WHERE changeset_id = $1', [committed.data.changesetId]);
    expect(audit.rows[0]!.username).toBe('portal:jane');
    const stored = await server.runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS a FROM budget_lines WHERE line_id = $1', [row.line_id]);
    expect(stored.rows[0]!.a).toBe('4242.42');
    await page.screenshot({ path: `${SHOTS}/embedded.png` });
  });

  it('embeds with the <roundtrip-app> element: sized to the page, themed by the host, a new token when the session ends', { timeout: 180_000 }, async () => {
    const page = await sessions.openProfile('host-component');
    await page.goto(`${hostOrigin}/component`);
    const frame = () => page.frames().find((f) => f.url().includes('/embed/'))!;
    await page.waitForFunction(() => (window as unknown as { __events: { data: { type: string } }[] }).__events.some((e) => e.data.type === 'roundtrip:ready'));
    await frame().waitForFunction((id) => ((window as ProbeWindow).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, GRID);
    expect(new Set((await gridRowsIn(frame())).map((r) => r.entity_id))).toEqual(new Set(['E02']));
    // The element grows to the embedded page instead of scrolling inside a fixed box.
    await page.waitForFunction(() => (document.querySelector('#rt iframe') as HTMLIFrameElement).offsetHeight > 1000);
    // The host's --rt-accent reached the embedded page.
    await frame().waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() === 'rgb(200, 0, 0)');
    expect(tokensIssued).toBe(1);

    // The embedding is revoked: the session ends, the element asks the host for a new token and reopens.
    // Tokens carry iat in seconds: the revocation refuses every token signed up to its second, so the
    // element's first new token may be refused too and is retried a second later.
    await new Promise((done) => setTimeout(done, 1100));
    const admin = await ApiClient.login(server.url, 'admin');
    expect((await admin.request('POST', '/api/admin/embeddings/portal/revoke')).status).toBe(200);
    await page.waitForFunction(
      () => (window as unknown as { __events: { data: { type: string } }[] }).__events.filter((e) => e.data.type === 'roundtrip:ready').length >= 2,
    );
    expect(tokensIssued).toBeGreaterThanOrEqual(2);
    expect(
      await page.evaluate(() =>
        (window as unknown as { __events: { data: { type: string } }[] }).__events.some((e) => e.data.type === 'roundtrip:session-ended'),
      ),
    ).toBe(true);
    await frame().waitForFunction((id) => ((window as ProbeWindow).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, GRID);
    await page.screenshot({ path: `${SHOTS}/component.png`, fullPage: true });
  });

  it("shows another tenant's viewer only their entity", { timeout: 120_000 }, async () => {
    const { frame } = await openHost('host-b', embedUrl(await token('omar', ['E07'])));
    await frame().waitForFunction((id) => ((window as ProbeWindow).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, GRID);
    expect(new Set((await gridRowsIn(frame())).map((r) => r.entity_id))).toEqual(new Set(['E07']));
  });

  it('gives a tampered token no page, and refuses to be framed by a host that is not registered', { timeout: 120_000 }, async () => {
    const good = await token('mallory', ['E01']);
    const [h, p, s] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), attributes: { entities: ['E07'] } })).toString('base64url')}.${s}`;
    // Opened directly, the refused token leads to a page saying so, with the code, and no session.
    const direct = await fetch(embedUrl(forged), { redirect: 'manual' });
    expect(direct.status).toBe(303);
    expect(direct.headers.get('location')).toBe('/embed/budget/overview?refused=EMBED_TOKEN_INVALID');
    expect(direct.headers.get('set-cookie')).toBeNull();
    const { page: refusedPage, frame: refusedFrame } = await openHost('host-refused', embedUrl(forged));
    await refusedPage.waitForFunction(() =>
      (window as unknown as { __events: { data: { type: string; refused?: string } }[] }).__events.some((e) => e.data.refused === 'EMBED_TOKEN_INVALID'),
    );
    expect(await refusedFrame().locator('[data-testid="embed-ended"]').getAttribute('data-refused')).toBe('EMBED_TOKEN_INVALID');
    expect(await refusedFrame().locator('[data-testid="grid-budget"], [data-block-id]').count()).toBe(0);

    // Same token, a page on another origin (localhost vs 127.0.0.1, other port): the browser blocks the frame.
    const stranger = createServer((_req, res) => res.end('<iframe id="rt" src="' + embedUrl(good) + '" style="width:800px;height:600px"></iframe>'));
    await new Promise<void>((done) => stranger.listen(0, '127.0.0.1', done));
    try {
      const page = await sessions.openProfile('stranger');
      // The main page's load event waits for its frame, blocked or not.
      await page.goto(`http://127.0.0.1:${(stranger.address() as { port: number }).port}/`, { waitUntil: 'load' });
      const framed = page.frames().find((f) => f !== page.mainFrame());
      expect(framed).toBeDefined();
      // Chromium replaces a frame its Content-Security-Policy forbids with an empty error document (the
      // registered host of the first test loads the same address into /embed/budget/overview).
      expect(framed!.url()).not.toContain('/embed/');
      expect(await framed!.evaluate(() => document.querySelector('[data-testid="embed-shell"], #root') !== null).catch(() => false)).toBe(false);
    } finally {
      await new Promise((done) => stranger.close(done));
    }
  });
});
