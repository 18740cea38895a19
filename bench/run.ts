import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { JOURNAL_ROWS, startBenchServer } from './bench-project.js';
import { renderBulkResults, runBulkPart } from './bulk/bulk-part.js';
import { renderExportsResults, runExportsBench } from './exports/exports-bench.js';
import { renderFirstViewResults, runFirstViewBench } from './first-view/first-view-bench.js';
import { renderRefusalResults, runRefusalBench } from './refusal/refusal-bench.js';
import { renderScenarioResults, runScenarioBench } from './scenarios/scenario-bench.js';
import { closeConnections } from './lib/http-client.js';
import { runLiveBench } from './live/live-bench.js';
import { renderClickhouseResults, runClickhouseBench } from './clickhouse/clickhouse-bench.js';
import type { LiveWarehouse } from './live/live-projects.js';
import { renderLiveResults } from './live/live-report.js';
import { machine, recordResults, renderResults } from './lib/report.js';
import { runPostgresBench } from './postgres/postgres-bench.js';
import { renderPostgresResults } from './postgres/postgres-report.js';
import { runReadBench } from './read-bench.js';
import { runWriteBench } from './write-bench.js';

/**
 * Roundtrip's benchmark: the API against the raw warehouse driver, side by
 * side in one run on the same data, on DuckDB and on PostgreSQL; and the
 * live push of changes to open views (`live`). Exits non-zero only when
 * something failed, never because a target was missed.
 *
 *   npm run bench -- [--record] [--only duckdb|postgres|clickhouse|bulk|refusal|exports|live|first-view|scenarios] [--scenario-rounds N] [--first-view-loads N] [--writes N] [--warmup N] [--reads N] [--bulk-rounds N]
 *                    [--live-writes N] [--live-viewers 100,1000] [--live-warehouses duckdb,postgres] [--live-servers 1,2]
 *                    [--live-server-dir DIR]   (servers from another checkout, e.g. the code before a change)
 *                    [--live-duckdb-threads N]  (the DuckDB warehouse's `threads`)
 */
const PARTS = ['duckdb', 'postgres', 'clickhouse', 'bulk', 'refusal', 'exports', 'live', 'first-view', 'scenarios'] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2);
const optionValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const option = (name: string, fallback: number) => {
  const raw = optionValue(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
  return value;
};
const only = optionValue('--only');
if (args.includes('--only') && !PARTS.includes(only as Part)) throw new Error(`--only needs one of ${PARTS.join(', ')}`);
const parts: readonly Part[] = only ? [only as Part] : PARTS;
const record = args.includes('--record');
const writesPerSide = option('--writes', 1000);
// V8 optimises the server's code over its first few thousand requests: measured node CPU per write falls about fourfold by then.
const warmupWrites = option('--warmup', 5000);
const readRounds = option('--reads', 100);
const bulkRounds = option('--bulk-rounds', 7);
const liveWrites = option('--live-writes', 200);
const firstViewLoads = option('--first-view-loads', 20);
const scenarioRounds = option('--scenario-rounds', 200);
const listOption = (name: string, fallback: string, allowed?: readonly string[]) => {
  const values = (optionValue(name) ?? fallback).split(',').map((v) => v.trim());
  const wrong = values.filter((v) => (allowed ? !allowed.includes(v) : !/^[1-9][0-9]*$/.test(v)));
  if (wrong.length) throw new Error(`${name} does not accept ${wrong.join(', ')}`);
  return values;
};
const liveViewers = listOption('--live-viewers', '100,1000').map(Number);
const liveWarehouses = listOption('--live-warehouses', 'duckdb,postgres', ['duckdb', 'postgres']) as LiveWarehouse[];
const liveServers = listOption('--live-servers', '1,2', ['1', '2']).map(Number) as (1 | 2)[];
const liveServerDir = optionValue('--live-server-dir');
const liveDuckdbThreads = optionValue('--live-duckdb-threads') === undefined ? undefined : option('--live-duckdb-threads', 0);

const log = (line: string) => console.log(line);
const errors: string[] = [];
const lines: string[] = [];

/** The write and read benchmark on the demo's embedded DuckDB, with a 10M-row journal. */
async function runDuckdbPart(): Promise<string[]> {
  log(`Starting the server on a temp copy of the demo with ${JOURNAL_ROWS.toLocaleString('en')} journal rows…`);
  const server = await startBenchServer(log);
  try {
    const writes = await runWriteBench(server, { perSide: writesPerSide, batch: 10, warmup: warmupWrites, concurrencies: [1, 16] }, log, errors);
    const read = await runReadBench(server, { rounds: readRounds, warmup: 3 }, log, errors);
    return renderResults({ writes, read, readRows: JOURNAL_ROWS, writesPerSide, warmupWrites, readRounds });
  } finally {
    await server.close();
  }
}

async function runPostgresPart(): Promise<string[]> {
  const outcome = await runPostgresBench({ writesPerSide, warmupWrites, modes: ['service', 'passthrough'] }, log, errors);
  return renderPostgresResults(outcome);
}

/** ClickHouse in process: the dashboard aggregate over 10M rows, single writes and a 10,000-cell changeset against the driver. */
async function runClickhousePart(): Promise<string[]> {
  const options = { reads: readRounds, writes: Math.min(writesPerSide, 400), bulkRounds };
  return renderClickhouseResults(await runClickhouseBench(options, log, errors), options);
}

async function runBulk(): Promise<string[]> {
  const levels = [
    { cells: 10_000, rounds: bulkRounds },
    { cells: 100_000, rounds: Math.max(3, Math.ceil(bulkRounds / 2)) },
  ];
  return renderBulkResults(await runBulkPart(levels, log, errors));
}

async function runRefusal(): Promise<string[]> {
  return renderRefusalResults(await runRefusalBench(log));
}

async function runExports(): Promise<string[]> {
  return renderExportsResults(await runExportsBench(log));
}

/** Navigation to KPI values visible on the budget page, full app and embedded, against the raw dataset queries. */
async function runFirstView(): Promise<string[]> {
  return renderFirstViewResults(await runFirstViewBench({ loads: firstViewLoads }, log, errors));
}

/** Change events pushed to open views, on both warehouses, with one server and with two. */
async function runLivePart(): Promise<string[]> {
  const options = {
    warehouses: liveWarehouses,
    serverCounts: liveServers,
    viewerCounts: liveViewers,
    writes: liveWrites,
    warmup: 30,
    serverDir: liveServerDir,
    duckdbThreads: liveDuckdbThreads,
  };
  const loadBefore = loadavg();
  const levels = await runLiveBench(options, log, errors);
  return renderLiveResults(levels, options, { before: loadBefore, after: loadavg() });
}

/** Input to recomputed page on the scenario app: the write and the page's datasets, against the raw statements. */
async function runScenarios(): Promise<string[]> {
  return renderScenarioResults(await runScenarioBench(scenarioRounds, log), scenarioRounds);
}

const TITLES: Record<Part, string> = {
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
  clickhouse: 'ClickHouse',
  bulk: 'Bulk changesets (DuckDB and PostgreSQL)',
  refusal: 'Refused bulk writes (DuckDB and PostgreSQL)',
  exports: 'Excel, CSV and imports',
  live: 'Live push',
  'first-view': 'First view (budget page in Chromium)',
  scenarios: 'Scenario recompute (DuckDB and PostgreSQL)',
};
const RUNNERS: Record<Part, () => Promise<string[]>> = {
  duckdb: runDuckdbPart,
  postgres: runPostgresPart,
  clickhouse: runClickhousePart,
  bulk: runBulk,
  refusal: runRefusal,
  exports: runExports,
  live: runLivePart,
  'first-view': runFirstView,
  scenarios: runScenarios,
};

log(`Roundtrip benchmark on ${machine()}`);
try {
  for (const part of parts) {
    const rendered = await RUNNERS[part]();
    lines.push(...(lines.length ? [''] : []), `### ${TITLES[part]}`, '', ...rendered);
  }
} catch (error) {
  errors.push((error as Error).stack ?? String(error));
  console.error(error);
} finally {
  await closeConnections();
}

log('');
for (const line of lines) log(line);
if (errors.length) {
  log('');
  log(`${errors.length} error(s):`);
  for (const error of errors.slice(0, 20)) log(`  ${error}`);
} else if (record) {
  const path = resolve(import.meta.dirname, 'RESULTS.md');
  recordResults(path, lines);
  log(`\nRecorded in ${path}`);
}
process.exitCode = errors.length ? 1 : 0;
