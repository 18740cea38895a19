import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ApiClient } from '../../test/support/api-client.js';
import { provisionChromium } from '../../test/support/tools/chromium-binary.js';
import { BenchSession } from '../lib/http-client.js';
import { onDemoServers } from '../lib/demo-servers.js';
import type { BenchServer } from '../lib/serve-project.js';
import { percentile } from '../lib/stats.js';

const SQL_DIR = resolve(import.meta.dirname, '../../examples/demo/apps/scenarios');
/** The model page's datasets a price change recomputes: the ranking (chart and table) and the scenario's position (KPIs). */
const PAGE_DATASETS = [
  { name: 'ranking', file: 'ranking.sql', params: { scenario: 1 } },
  { name: 'position', file: 'compare.sql', params: { scenario: 1, other: null } },
] as const;
/** The input panel writes once the hand rests this long (web/src/blocks/inputs-block.tsx). */
const SETTLE_MS = 120;

export interface ScenarioLevel {
  engine: string;
  /** Price write through the API, then the page's datasets through the API in parallel, per round. */
  apiMs: number[];
  /** The same UPDATE and the datasets' SQL on the server's own driver, per round. */
  rawMs: number[];
  /** In Chromium (DuckDB only): a key press on the price slider to the ranking chart drawing new values, per press. */
  browserMs?: number[];
}

/**
 * Arms a watch in the page for the ranking chart's next new series, then returns the time from
 * arming to the change. The press comes right after arming, so the figure includes the press.
 */
const ARM = `(() => {
  const selector = '[data-testid="chart-chart-ranking"]';
  const before = document.querySelector(selector)?.getAttribute('data-series');
  window.__armedAt = performance.now();
  window.__chartAt = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const now = document.querySelector(selector)?.getAttribute('data-series');
      if (now && now !== before) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-series'] });
  });
})()`;

/** The analyst's model page in headless Chromium: each press of an arrow key on the price slider, to the chart showing it. */
async function measureInBrowser(server: BenchServer, presses: number, log: (line: string) => void): Promise<number[]> {
  const binary = await provisionChromium();
  const browser = await chromium.launch({ executablePath: binary.executablePath, args: binary.args, env: { ...process.env, ...binary.env }, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const api = await ApiClient.login(server.url, 'analyst');
    const [name, value] = api.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/scenarios/model`);
    await page.waitForSelector('[data-testid="chart-chart-ranking"][data-series]', { timeout: 30_000 });
    const slider = page.locator('[data-testid="input-price"]');
    await slider.focus();
    const times: number[] = [];
    for (let i = 0; i < presses + 5; i += 1) {
      await page.evaluate(ARM);
      await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      const ms = await page.evaluate('window.__chartAt.then((at) => at - window.__armedAt)');
      if (i >= 5) times.push(ms as number);
      // A person pauses between moves; presses in a burst would be written as one change.
      await page.waitForTimeout(SETTLE_MS + 300);
    }
    const p = (q: number) =>
      percentile(
        [...times].sort((a, b) => a - b),
        q,
      ).toFixed(0);
    log(`  Chromium: key press to updated chart p50 ${p(0.5)} ms, p95 ${p(0.95)} ms`);
    return times;
  } finally {
    await browser.close();
  }
}

/**
 * The scenario recompute (P5): the analyst moves the price slider; the input
 * panel writes the scenario row (a governed, audited changeset) and the
 * page's datasets answer with the new ranking. Measured from the write's
 * request to the last dataset's answer, alternating with the same statements
 * run raw on the driver.
 */
async function measure(engine: string, server: BenchServer, rounds: number, log: (line: string) => void): Promise<ScenarioLevel> {
  const analyst = await BenchSession.login(server.url, 'analyst');
  const warehouse = server.runtime.warehouse;
  const rawSql = PAGE_DATASETS.map((d) => readFileSync(join(SQL_DIR, d.file), 'utf8').replaceAll(':scenario', '1').replaceAll(':other', 'NULL'));
  let price = Number((await warehouse.query('SELECT price FROM scenarios WHERE scenario_id = 1')).rows[0]!.price);
  const nextPrice = () => 20_000 + ((price - 20_000 + 500) % 60_000);

  const api = async () => {
    const to = nextPrice();
    const start = performance.now();
    const written = await analyst.post('/api/apps/scenarios/tables/scenarios/changesets', {
      changes: [{ op: 'update', key: { scenario_id: 1 }, set: { price: to }, expect: { price } }],
    });
    if (written.status !== 200) throw new Error(`scenario write failed: ${written.status} ${JSON.stringify(written.body).slice(0, 200)}`);
    const answers = await Promise.all(PAGE_DATASETS.map((d) => analyst.post(`/api/apps/scenarios/datasets/${d.name}/query`, { params: d.params })));
    const ms = performance.now() - start;
    for (const a of answers) if (a.status !== 200) throw new Error(`dataset query failed: ${a.status}`);
    if (!(answers[0]!.body.rows as { price: number; is_scenario: number }[]).some((r) => Number(r.is_scenario) === 1 && Number(r.price) === to))
      throw new Error('the ranking does not show the price just written');
    price = to;
    return ms;
  };
  const raw = async () => {
    const to = nextPrice();
    const start = performance.now();
    await warehouse.query(`UPDATE scenarios SET price = ${to} WHERE scenario_id = 1 AND price = ${price}`);
    await Promise.all(rawSql.map((sql) => warehouse.query(sql)));
    const ms = performance.now() - start;
    price = to;
    return ms;
  };
  for (let i = 0; i < 20; i += 1) {
    await api();
    await raw();
  }
  const apiMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    apiMs.push(await api());
    rawMs.push(await raw());
  }
  const p = (values: number[], q: number) =>
    percentile(
      [...values].sort((a, b) => a - b),
      q,
    ).toFixed(1);
  log(`  ${engine}: API p50 ${p(apiMs, 0.5)} ms, p95 ${p(apiMs, 0.95)} ms; raw p50 ${p(rawMs, 0.5)} ms`);
  return { engine, apiMs, rawMs };
}

export async function runScenarioBench(rounds: number, log: (line: string) => void): Promise<ScenarioLevel[]> {
  return onDemoServers('Scenario recompute', log, async (engine, server) => {
    const level = await measure(engine, server, rounds, log);
    // The browser's view of the same thing once, on the embedded warehouse.
    if (engine === 'DuckDB') level.browserMs = await measureInBrowser(server, 30, log);
    return level;
  });
}

export function renderScenarioResults(levels: ScenarioLevel[], rounds: number): string[] {
  const p = (values: number[], q: number) =>
    percentile(
      [...values].sort((a, b) => a - b),
      q,
    );
  return [
    `Scenario recompute: the analyst's price input written as a changeset (policy, rules, audit), then the model page's two datasets (ranking, position) queried in parallel; ${rounds} rounds after 20 warm-up, alternating with the same UPDATE and dataset SQL on the raw driver. Target: input to updated chart ≤ 300 ms, of which the input panel's settle time is ${SETTLE_MS} ms before the write.`,
    '',
    '| warehouse | write → datasets p50 / p95 ms | raw p50 / p95 ms | p50 ratio API/raw | with settle time p95 ms |',
    '|---|---:|---:|---:|---:|',
    ...levels.map(
      (l) =>
        `| ${l.engine} | ${p(l.apiMs, 0.5).toFixed(1)} / ${p(l.apiMs, 0.95).toFixed(1)} | ${p(l.rawMs, 0.5).toFixed(1)} / ${p(l.rawMs, 0.95).toFixed(1)} | ${(p(l.apiMs, 0.5) / p(l.rawMs, 0.5)).toFixed(2)}× | ${(p(l.apiMs, 0.95) + SETTLE_MS).toFixed(1)} |`,
    ),
    ...levels
      .filter((l) => l.browserMs)
      .flatMap((l) => [
        '',
        `In headless Chromium on ${l.engine}, the analyst's model page: an arrow key on the price slider (one step, ${l.browserMs!.length} presses after 5 warm-up, a pause after each) to the ranking chart holding the new scores: **p50 ${p(l.browserMs!, 0.5).toFixed(0)} ms, p95 ${p(l.browserMs!, 0.95).toFixed(0)} ms** (the ${SETTLE_MS} ms settle, the write, the live event, the page's datasets and the chart's render).`,
      ]),
  ];
}
