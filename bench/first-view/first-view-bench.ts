import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { parse } from 'yaml';
import { provisionChromium } from '../../test/support/tools/chromium-binary.js';
import { ApiClient } from '../../test/support/api-client.js';
import { signEmbedToken } from '../../test/support/embed-token.js';
import { serveBenchProject, type BenchServer } from '../lib/serve-project.js';
import { ms, percentile } from '../lib/stats.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
const APP = 'budget';
const PAGE = 'overview';
const SECRET = 'a-first-view-bench-secret-of-32-bytes-or-more';
export const EMBED_JS_TARGET_BYTES = 150 * 1024;

export interface FirstViewMode {
  label: string;
  /** The context had a renderer for the server's origin before the measured navigation. */
  rendererReady: boolean;
  firstView: { p50: number; p95: number };
  /** Navigation to the document's first script: the browser's own cost (a renderer for a fresh context), the same for any page. */
  documentStart: { p50: number };
  /** KPI values visible, counted from the document's start. */
  afterDocument: { p50: number; p95: number };
  /** Navigation to the app's own page holding the KPI values (the early view replaced). */
  appPage: { p50: number };
  jsGzipBytes: number;
  jsFiles: number;
}

export interface FirstViewOutcome {
  loads: number;
  /** Navigation to the first script of an empty page of this server (GET /api/health), fresh context. */
  emptyDocumentStart: number;
  /** The same from a server that sends no security headers. */
  plainDocumentStart: number;
  datasets: { name: string; p50: number }[];
  rtt: number;
  modes: FirstViewMode[];
  /** The entry script and its modulepreloads from the served index.html, gzipped. */
  entry: { bytes: number; files: string[] };
}

/**
 * Records, in the page, the times since navigation start at which the document first runs a script
 * (`__documentAt`), every KPI value holds a number (`__kpiVisibleAt`: the early view or the app) and
 * the app's own page holds them (`__appKpiAt`).
 */
const KPI_PROBE = `(() => {
  window.__documentAt = performance.now();
  const valued = (scope) => {
    const kpis = document.querySelectorAll(scope + ' [data-testid^="kpi-"]');
    if (kpis.length < 3) return false;
    for (const k of kpis) { const v = k.getAttribute('data-value'); if (!v || !Number.isFinite(Number(v))) return false; }
    return true;
  };
  const check = () => {
    if (window.__kpiVisibleAt === undefined && valued('body')) window.__kpiVisibleAt = performance.now();
    if (window.__appKpiAt === undefined && valued('#root')) { window.__appKpiAt = performance.now(); observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });
})();`;

/** The page's datasets with their SQL and default parameters, read from the demo's app file. */
function pageDatasets(): { name: string; sql: string; params: unknown[] }[] {
  const app = parse(readFileSync(join(DEMO_DIR, 'apps', `${APP}.yaml`), 'utf8')) as {
    datasets: Record<string, { sql?: string; file?: string; params?: Record<string, { default?: unknown }> }>;
    pages: { id: string; blocks: { dataset?: string }[] }[];
  };
  const page = app.pages.find((p) => p.id === PAGE)!;
  const names = [...new Set(page.blocks.map((b) => b.dataset).filter((d): d is string => !!d))];
  return names.map((name) => {
    const dataset = app.datasets[name]!;
    const params: unknown[] = [];
    // A dataset's SQL is inline or in a file beside the app file.
    const text = dataset.sql ?? readFileSync(join(DEMO_DIR, 'apps', dataset.file!), 'utf8');
    const sql = text.replace(/(?<!:):([a-z_][a-z0-9_]*)/gi, (_, param: string) => {
      params.push(dataset.params?.[param]?.default ?? null);
      return '?';
    });
    return { name, sql, params };
  });
}

const p50of = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const p95of = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.95,
  );

/**
 * Navigation to KPI values visible on the budget page, in the full app and
 * embedded, with a fresh browser context (cold cache) per load, against the
 * page's dataset queries on the raw driver plus one round trip.
 */
export async function runFirstViewBench(options: { loads: number }, log: (line: string) => void, errors: string[]): Promise<FirstViewOutcome> {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-first-view-'));
  const projectDir = join(root, 'project');
  cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  process.env.RT_BENCH_EMBED_SECRET = SECRET;
  appendFileSync(
    join(projectDir, 'roundtrip.yaml'),
    `\nembeddings:\n  bench:\n    secret: { env: RT_BENCH_EMBED_SECRET }\n    origins: [http://127.0.0.1]\n    apps: [${APP}]\n    roles: [finance_partner]\n`,
  );
  log('Starting the demo server for the first-view bench…');
  const server = await serveBenchProject(projectDir, join(root, 'data'), log, () => rmSync(root, { recursive: true, force: true }));
  const chromiumBinary = await provisionChromium();
  const browser = await chromium.launch({
    executablePath: chromiumBinary.executablePath,
    args: chromiumBinary.args,
    env: { ...process.env, ...chromiumBinary.env },
    headless: true,
  });
  try {
    const api = await ApiClient.login(server.url, 'admin');
    // Warm the server: the page's datasets and static files.
    for (let i = 0; i < 5; i++) await loadOnce(browser, server, await target('app', server, api));
    const datasets = await rawDatasets(server, 30);
    const rtt = await roundTrip(server.url, 50);
    log(`  raw datasets p50: ${datasets.map((d) => `${d.name} ${ms(d.p50)} ms`).join(', ')}; round trip ${ms(rtt)} ms`);
    const entry = await entryScripts(server.url);
    log(`  entry + modulepreloads: ${(entry.bytes / 1024).toFixed(1)} kB gzipped (${entry.files.join(', ')})`);
    const empty: number[] = [];
    const plain: number[] = [];
    const plainServer = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>empty</title>'));
    await new Promise<void>((done) => plainServer.listen(0, '127.0.0.1', done));
    try {
      const plainUrl = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}/`;
      for (let i = 0; i < options.loads; i++) {
        empty.push(await emptyDocumentStart(browser, `${server.url}/api/health`));
        plain.push(await emptyDocumentStart(browser, plainUrl));
      }
    } finally {
      plainServer.close();
    }
    const emptyDocument = p50of(empty);
    const plainDocument = p50of(plain);
    log(`  empty page, fresh context: document start p50 ${ms(emptyDocument)} ms from this server, ${ms(plainDocument)} ms from a server without its headers`);
    const modes: FirstViewMode[] = [];
    for (const [kind, rendererReady] of [
      ['app', false],
      ['address', false],
      ['embed', false],
      ['app', true],
      ['address', true],
      ['embed', true],
    ] as const) {
      const times: number[] = [];
      const documents: number[] = [];
      const afterDocument: number[] = [];
      const appPage: number[] = [];
      let js = { bytes: 0, files: 0 };
      for (let i = 0; i < options.loads; i++) {
        const load = await loadOnce(browser, server, await target(kind, server, api), rendererReady);
        times.push(load.kpiMs);
        documents.push(load.documentMs);
        afterDocument.push(load.kpiMs - load.documentMs);
        appPage.push(load.appMs);
        if (i === 0) js = load.js;
      }
      const mode = {
        label: `${LABELS[kind]}${rendererReady ? ', renderer ready' : ''}`,
        rendererReady,
        firstView: { p50: p50of(times), p95: p95of(times) },
        documentStart: { p50: p50of(documents) },
        afterDocument: { p50: p50of(afterDocument), p95: p95of(afterDocument) },
        appPage: { p50: p50of(appPage) },
        jsGzipBytes: js.bytes,
        jsFiles: js.files,
      };
      log(
        `  ${mode.label}: first view p50 ${ms(mode.firstView.p50)} ms, p95 ${ms(mode.firstView.p95)} ms (document start p50 ${ms(mode.documentStart.p50)} ms, KPIs ${ms(mode.afterDocument.p50)} ms after it; app's own page ${ms(mode.appPage.p50)} ms); initial JS ${(js.bytes / 1024).toFixed(1)} kB gzipped in ${js.files} files`,
      );
      modes.push(mode);
    }
    return { loads: options.loads, emptyDocumentStart: emptyDocument, plainDocumentStart: plainDocument, datasets, rtt, modes, entry };
  } catch (error) {
    errors.push((error as Error).stack ?? String(error));
    return { loads: options.loads, emptyDocumentStart: NaN, plainDocumentStart: NaN, datasets: [], rtt: NaN, modes: [], entry: { bytes: 0, files: [] } };
  } finally {
    await browser.close();
    await server.close();
  }
}

interface Target {
  url: string;
  cookie?: { name: string; value: string };
}

const LABELS = {
  app: 'full app, signed in (#/budget/overview)',
  address: 'full app, shared page address (/apps/budget/overview)',
  embed: 'embedded page',
} as const;

async function target(kind: keyof typeof LABELS, server: BenchServer, api: ApiClient): Promise<Target> {
  if (kind !== 'embed') {
    const [name, value] = api.cookie!.split(';')[0]!.split('=') as [string, string];
    return { url: kind === 'app' ? `${server.url}/#/${APP}/${PAGE}` : `${server.url}/apps/${APP}/${PAGE}`, cookie: { name, value } };
  }
  const token = await signEmbedToken('bench', SECRET, {
    sub: 'bench-viewer',
    name: 'Bench viewer',
    roles: ['finance_partner'],
    attributes: { entities: ['E01'] },
    app: APP,
    page: PAGE,
  });
  return { url: `${server.url}/embed/${APP}/${PAGE}?token=${token}` };
}

/** Navigation to the first script of an empty page (with its server's headers), in a fresh context. */
async function emptyDocumentStart(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    await context.addInitScript('window.__documentAt = performance.now();');
    const page = await context.newPage();
    await page.goto(url);
    return await page.evaluate(() => (window as unknown as { __documentAt: number }).__documentAt);
  } finally {
    await context.close();
  }
}

/**
 * One cold load: a fresh context (empty cache), navigation, and the in-page time at which the KPI
 * values hold numbers. With `rendererReady`, the context first opens an empty page of the server
 * (GET /api/health, nothing the app uses), so the measured navigation finds a renderer process for
 * the origin running, as a browser that has one spare does. The context closes once the page's
 * requests are done, so the next load starts on an idle server.
 */
async function loadOnce(
  browser: Browser,
  server: BenchServer,
  to: Target,
  rendererReady = false,
): Promise<{ kpiMs: number; documentMs: number; appMs: number; js: { bytes: number; files: number } }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    if (to.cookie) await context.addCookies([{ ...to.cookie, url: server.url }]);
    await context.addInitScript(KPI_PROBE);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    if (rendererReady) await page.goto(`${server.url}/api/health`);
    await page.goto(to.url);
    await page.waitForFunction(() => (window as unknown as { __appKpiAt?: number }).__appKpiAt !== undefined);
    const { kpiMs, documentMs, appMs, scripts, inline } = await page.evaluate(() => {
      const marks = window as unknown as { __kpiVisibleAt: number; __documentAt: number; __appKpiAt: number };
      const at = marks.__kpiVisibleAt;
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        kpiMs: at,
        documentMs: marks.__documentAt,
        appMs: marks.__appKpiAt,
        scripts: entries.filter((e) => e.responseEnd <= at && new URL(e.name).pathname.endsWith('.js')).map((e) => e.name),
        inline: [...document.querySelectorAll('script:not([src]):not([type])')].map((e) => e.textContent ?? '').join(''),
      };
    });
    await page.waitForLoadState('networkidle');
    let bytes = gzipSync(inline, { level: 9 }).length;
    for (const url of scripts) bytes += await gzipped(url);
    return { kpiMs, documentMs, appMs, js: { bytes, files: scripts.length + (inline ? 1 : 0) } };
  } finally {
    await context.close();
  }
}

const gzipped = async (url: string) => gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;

/** What index.html makes every page load before any code runs: the entry script and its modulepreloads. */
async function entryScripts(url: string): Promise<{ bytes: number; files: string[] }> {
  const html = await (await fetch(`${url}/`)).text();
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  let bytes = 0;
  for (const file of files) bytes += await gzipped(new URL(file, url).href);
  return { bytes, files };
}

async function rawDatasets(server: BenchServer, rounds: number): Promise<{ name: string; p50: number }[]> {
  const datasets = pageDatasets();
  const out: { name: string; p50: number }[] = [];
  for (const dataset of datasets) {
    const times: number[] = [];
    for (let i = 0; i < rounds + 3; i++) {
      const started = performance.now();
      await server.runtime.warehouse.query(dataset.sql, dataset.params);
      if (i >= 3) times.push(performance.now() - started);
    }
    out.push({ name: dataset.name, p50: p50of(times) });
  }
  return out;
}

async function roundTrip(url: string, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const started = performance.now();
    await (await fetch(`${url}/api/health`)).arrayBuffer();
    if (i >= 3) times.push(performance.now() - started);
  }
  return p50of(times);
}

export function renderFirstViewResults(outcome: FirstViewOutcome): string[] {
  const slowest = Math.max(...outcome.datasets.map((d) => d.p50));
  const target = 1.5 * slowest + outcome.rtt;
  const out: string[] = [];
  out.push(
    `Budget page (${APP}/${PAGE}) on the demo's DuckDB, warm server, ${outcome.loads} loads per mode, each in a fresh browser context (cold cache); first view = navigation start → all KPI values hold numbers, timed in the page (performance.now()).`,
  );
  out.push('');
  out.push(
    `Raw driver p50 of the page's datasets: ${outcome.datasets.map((d) => `${d.name} ${ms(d.p50)} ms`).join(', ')}; round trip (GET /api/health) p50 ${ms(outcome.rtt)} ms.`,
  );
  out.push(`Target: first view p50 ≤ 1.5 × ${ms(slowest)} + ${ms(outcome.rtt)} = ${ms(target)} ms.`);
  out.push('');
  out.push(
    `Document start = navigation to the document's first script. An empty page of this server (GET /api/health) in a fresh context starts at ${ms(outcome.emptyDocumentStart)} ms (p50): the server's Cross-Origin-Opener-Policy (same-origin) makes Chromium move a fresh context's first navigation to a new renderer process; the same empty page from a server without the header starts at ${ms(outcome.plainDocumentStart)} ms. "Renderer ready" loads open an empty page of the server first in the same fresh context (nothing the app uses is cached), as a browser with a spare renderer for the origin would. The app's page = navigation to the app's own page holding the KPI values (the early view replaced). JS = scripts fetched before the KPIs showed, gzipped, the inline early script included.`,
  );
  out.push('');
  out.push(
    "| page | first view p50 ms | p95 ms | document start p50 ms | KPIs after document start p50 ms | p95 ms | app's page p50 ms | JS fetched before the KPIs show (gzipped) |",
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const mode of outcome.modes)
    out.push(
      `| ${mode.label} | ${ms(mode.firstView.p50)} | ${ms(mode.firstView.p95)} | ${ms(mode.documentStart.p50)} | ${ms(mode.afterDocument.p50)} | ${ms(mode.afterDocument.p95)} | ${ms(mode.appPage.p50)} | ${(mode.jsGzipBytes / 1024).toFixed(1)} kB in ${mode.jsFiles} files |`,
    );
  out.push('');
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  for (const mode of outcome.modes) {
    out.push(
      `- ${verdict(mode.firstView.p50 <= target)}: ${mode.label} first view p50 ≤ ${ms(target)} ms from navigation start (measured ${ms(mode.firstView.p50)} ms)`,
    );
    if (!mode.rendererReady)
      out.push(
        `- ${verdict(mode.afterDocument.p50 <= target)}: ${mode.label} KPI values ≤ ${ms(target)} ms after the document starts (measured ${ms(mode.afterDocument.p50)} ms)`,
      );
  }
  out.push(
    `- ${outcome.entry.bytes <= EMBED_JS_TARGET_BYTES ? 'PASS' : 'MISS'}: initial JS of an embedded page (entry + modulepreloads in index.html: ${outcome.entry.files.join(', ')}) ≤ 150 kB gzipped (measured ${(outcome.entry.bytes / 1024).toFixed(1)} kB)`,
  );
  return out;
}
