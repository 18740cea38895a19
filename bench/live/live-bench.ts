import { readFileSync } from 'node:fs';
import { ApiClient } from '../../test/support/api-client.js';
import { startPostgresCluster, type PostgresCluster } from '../../test/support/postgres-cluster.js';
import { BenchSession } from '../lib/http-client.js';
import { percentile } from '../lib/stats.js';
import { startLiveSetup, type LiveSetup, type LiveWarehouse } from './live-projects.js';
import { openViewer, type Viewer } from './viewer-streams.js';

export interface LiveOptions {
  warehouses: LiveWarehouse[];
  serverCounts: (1 | 2)[];
  viewerCounts: number[];
  /** Measured writes per level. */
  writes: number;
  /** Unmeasured writes per level first (the server's and the client's code get optimised). */
  warmup: number;
  /** Run the servers from this checkout instead of this one (to compare before and after a change). */
  serverDir?: string;
  /** `warehouse.threads` of the DuckDB warehouse (omitted: DuckDB's default). */
  duckdbThreads?: number;
}

/** Percentiles of a set of latencies, milliseconds. */
export interface Spread {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LiveLevel {
  warehouse: LiveWarehouse;
  servers: 1 | 2;
  viewers: number;
  /** Viewers that may see each write (the others must receive nothing). */
  receiversPerWrite: number;
  /** From sending the write to the last entitled viewer having the event, one sample per write: the headline figure. */
  lastViewer: Spread;
  /** From sending the write to each entitled viewer having the event, one sample per viewer and write. */
  delivery: Spread;
  /** The write request alone (until its response). */
  write: Spread;
  /**
   * Last viewer minus the write's own answer, per write: what the push adds
   * after the writer has its answer (negative when every viewer had the event
   * first: one server publishes before it answers).
   */
  afterAnswer: Spread;
  /** CPU time of the viewers' server process per measured write, milliseconds. */
  serverCpuPerWrite: number;
}

/**
 * Viewers (the demo's users, round robin: directors, CFO, viewer and admin see
 * every budget line, each finance partner the lines of their five entities)
 * hold `/api/events` open; the director edits one budget cell at a time, each
 * time of an entity of the next partner in turn. For each write the clock
 * runs from sending the request until the last viewer allowed to read the row
 * has the event; viewers not allowed must receive nothing (checked).
 */
const USERS = ['director', 'cfo', 'viewer', 'admin', ...Array.from({ length: 8 }, (_, i) => `partner${i + 1}`)];
const ENTITIES_PER_PARTNER = 5;
const WRITE_PATH = '/api/apps/budget/tables/budget_lines/changesets';
const PAUSE_MS = 25;
const DELIVERY_TIMEOUT_MS = 10_000;

interface Line {
  id: number;
  entity: string;
  cents: number;
}

export async function runLiveBench(options: LiveOptions, log: (line: string) => void, errors: string[]): Promise<LiveLevel[]> {
  const needsCluster = options.warehouses.includes('postgres') || options.serverCounts.includes(2);
  let cluster: PostgresCluster | undefined;
  const stopOnSignal = () => {
    try {
      cluster?.stop();
    } finally {
      process.exit(130);
    }
  };
  if (needsCluster) {
    log('Starting a throwaway PostgreSQL cluster…');
    cluster = await startPostgresCluster();
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
  }
  const levels: LiveLevel[] = [];
  try {
    for (const warehouse of options.warehouses) {
      for (const servers of options.serverCounts) {
        log(`Starting ${servers === 1 ? 'one server' : 'two servers on one PostgreSQL system store'} on the demo, ${warehouse} warehouse…`);
        const setup = await startLiveSetup(warehouse, servers, cluster, log, options.serverDir, options.duckdbThreads);
        try {
          levels.push(...(await measureSetup(setup, options, log, errors)));
        } finally {
          await setup.close();
        }
      }
    }
  } finally {
    if (cluster) {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      cluster.stop();
    }
  }
  return levels;
}

async function measureSetup(setup: LiveSetup, options: LiveOptions, log: (line: string) => void, errors: string[]): Promise<LiveLevel[]> {
  const cookies = new Map<string, string>();
  for (const username of USERS) cookies.set(username, (await ApiClient.login(setup.viewers.url, username)).cookie);
  const writer = await BenchSession.login(setup.writer.url, 'director');
  const linesByPartner = await loadLines(setup.writer.url);
  const levels: LiveLevel[] = [];
  let written = 0;

  for (const count of options.viewerCounts) {
    const label = `[live ${setup.warehouse}, ${setup.servers} server${setup.servers > 1 ? 's' : ''}, ${count} viewers]`;
    const viewers: Viewer[] = [];
    for (let i = 0; i < count; i += 50) {
      const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => USERS[(i + j) % USERS.length]!);
      viewers.push(...(await Promise.all(batch.map((username) => openViewer(setup.viewers.url, cookies.get(username)!, username)))));
    }
    const arrivals = new Map<string, number>();
    let awaited: { id: string; expected: number; wake: () => void } | undefined;
    const onChange = (id: string) => {
      const n = (arrivals.get(id) ?? 0) + 1;
      arrivals.set(id, n);
      if (awaited?.id === id && n >= awaited.expected) awaited.wake();
    };
    for (const viewer of viewers) viewer.onChange = onChange;
    /** Resolves true once `expected` viewers have changeset `id`, false after the timeout. */
    const allReceived = (id: string, expected: number) =>
      new Promise<boolean>((resolve) => {
        if ((arrivals.get(id) ?? 0) >= expected) return resolve(true);
        const timer = setTimeout(() => resolve(false), DELIVERY_TIMEOUT_MS);
        awaited = {
          id,
          expected,
          wake: () => {
            clearTimeout(timer);
            awaited = undefined;
            resolve(true);
          },
        };
      });
    const owners = new Map<string, string>();
    const lastViewer: number[] = [];
    const afterAnswer: number[] = [];
    const delivery: number[] = [];
    const write: number[] = [];
    let cpuBefore = 0;

    const total = options.warmup + options.writes;
    for (let w = 0; w < total; w += 1) {
      if (w === options.warmup) cpuBefore = processCpuMs(setup.viewers.pid);
      const partner = `partner${(written % 8) + 1}`;
      const lines = linesByPartner.get(partner)!;
      const line = lines[Math.floor(written / 8) % lines.length]!;
      written += 1;
      const expected = viewers.filter((v) => !v.username.startsWith('partner') || v.username === partner);
      const t0 = performance.now();
      const response = await writer.post(WRITE_PATH, {
        changes: [{ op: 'update', key: { line_id: line.id }, set: { amount: cents(line.cents + 100) }, expect: { amount: cents(line.cents) } }],
      });
      const answered = performance.now();
      if (response.status !== 200 || response.body?.applied !== 1) {
        errors.push(`${label} write of line ${line.id} answered ${response.status}: ${JSON.stringify(response.body)}`);
        continue;
      }
      line.cents += 100;
      const id = String(response.body.changesetId);
      owners.set(id, partner);
      const complete = await allReceived(id, expected.length);
      if (!complete) {
        errors.push(
          `${label} ${expected.length - (arrivals.get(id) ?? 0)} of ${expected.length} viewers did not receive changeset ${id} within ${DELIVERY_TIMEOUT_MS} ms`,
        );
        continue;
      }
      if (w >= options.warmup) {
        let last = 0;
        for (const viewer of expected) {
          const got = viewer.received.get(id);
          if (!got) continue;
          const ms = got.at - t0;
          delivery.push(ms);
          last = Math.max(last, ms);
          if (got.keys !== `[{"line_id":${line.id}}]`) errors.push(`${label} ${viewer.username} received keys ${got.keys} for line ${line.id}`);
        }
        lastViewer.push(last);
        write.push(answered - t0);
        afterAnswer.push(last - (answered - t0));
      }
      await new Promise((done) => setTimeout(done, PAUSE_MS));
    }
    const cpu = processCpuMs(setup.viewers.pid) - cpuBefore;
    // Nobody may have received a change of a row they may not read.
    for (const viewer of viewers) {
      if (viewer.closed) errors.push(`${label} a stream of ${viewer.username} closed: ${viewer.closed}`);
      if (!viewer.username.startsWith('partner')) continue;
      for (const id of viewer.received.keys()) {
        const owner = owners.get(id);
        if (owner && owner !== viewer.username) errors.push(`${label} ${viewer.username} received changeset ${id} of a line of ${owner}`);
      }
    }
    for (const viewer of viewers) viewer.close();
    const level: LiveLevel = {
      warehouse: setup.warehouse,
      servers: setup.servers,
      viewers: count,
      receiversPerWrite: Math.round(delivery.length / Math.max(1, lastViewer.length)),
      lastViewer: spread(lastViewer),
      afterAnswer: spread(afterAnswer),
      delivery: spread(delivery),
      write: spread(write),
      serverCpuPerWrite: cpu / Math.max(1, options.writes),
    };
    levels.push(level);
    log(
      `${label} last viewer p50 ${level.lastViewer.p50.toFixed(1)} ms, p95 ${level.lastViewer.p95.toFixed(1)} ms, max ${level.lastViewer.max.toFixed(1)} ms; ` +
        `each viewer p50 ${level.delivery.p50.toFixed(1)} ms; write alone p50 ${level.write.p50.toFixed(1)} ms; server CPU ${level.serverCpuPerWrite.toFixed(1)} ms/write`,
    );
    // Let the server notice the closed streams before the next level opens new ones.
    await new Promise((done) => setTimeout(done, 500));
  }
  return levels;
}

/** Budget lines of each partner's entities with their amounts, read through the API as the director. */
async function loadLines(url: string): Promise<Map<string, Line[]>> {
  const director = await ApiClient.login(url, 'director');
  const byPartner = new Map<string, Line[]>();
  for (let p = 1; p <= 8; p += 1) {
    const entities = Array.from({ length: ENTITIES_PER_PARTNER }, (_, i) => `E${String((p - 1) * ENTITIES_PER_PARTNER + i + 1).padStart(2, '0')}`);
    const response = await director.query('budget', 'budget_lines', {
      filters: [{ column: 'entity_id', op: 'in', value: entities }],
      sort: [{ column: 'line_id', direction: 'asc' }],
      limit: 10_000,
    });
    if (response.status !== 200) throw new Error(`reading budget lines answered ${response.status}: ${JSON.stringify(response.body)}`);
    const rows = response.body.rows as { line_id: number; entity_id: string; amount: string }[];
    byPartner.set(
      `partner${p}`,
      rows.map((row) => ({ id: Number(row.line_id), entity: row.entity_id, cents: Math.round(Number(row.amount) * 100) })),
    );
  }
  return byPartner;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN };
}

/** User plus system CPU time of a process so far (Linux /proc), milliseconds. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

const cents = (value: number) => `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, '0')}`;
