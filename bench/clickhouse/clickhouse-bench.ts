import type { Change } from '../../src/writeback/changeset-schema.js';
import { renderSql, sql, typed } from '../../src/warehouse/sql.js';
import { BenchSession } from '../lib/http-client.js';
import type { BenchServer } from '../lib/serve-project.js';
import { ms, pairedRatio, ratio, runBatch, Samples, type Summary } from '../lib/stats.js';
import { startPostgresCluster } from '../../test/support/postgres-cluster.js';
import { createBenchDatabase } from '../postgres/postgres-bench-project.js';
import { JOURNAL_ROWS, LINE_ROWS, READ_SQL, startClickhouseBenchServer } from './clickhouse-project.js';

export interface Comparison {
  api: Summary;
  raw: Summary;
  pairedRatio: number;
}

export interface ClickhouseOutcome {
  read: Comparison & { rows: number };
  tableRead: Comparison;
  single: Comparison;
  bulk: Comparison & { cells: number };
  /** The same server with a PostgreSQL system store: locks and read gates across servers. */
  shared: { tableRead: Comparison; single: Comparison; serverVersion: string };
}

export interface ClickhouseOptions {
  reads: number;
  writes: number;
  bulkRounds: number;
}

export const CLICKHOUSE_READ_TARGET = 1.1;
const BULK_ROWS = 5_000;

/**
 * ClickHouse in process: the dashboard aggregate over 10M journal rows, a
 * single-cell write and a 10,000-cell changeset through the API, each against
 * the same work on the driver without the API (the aggregate's SQL; one
 * lightweight UPDATE of the cell; one UPDATE of the 5,000 rows by key), in
 * alternating rounds. The API's writes also check their guards and write
 * the audit (serialized strategy); the raw ones do neither. Then page reads
 * of the writable table and single writes again with a PostgreSQL system
 * store, whose shared locks and read gates hold across servers.
 */
export async function runClickhouseBench(options: ClickhouseOptions, log: (line: string) => void, errors: string[]): Promise<ClickhouseOutcome> {
  const embedded = await startClickhouseBenchServer(log);
  let measured: Omit<ClickhouseOutcome, 'shared'>;
  try {
    const session = await BenchSession.login(embedded.url, 'boss');
    const read = await compareReads(embedded, session, options.reads, log, errors);
    const tableRead = await compareTableReads(embedded, session, options.writes, log, errors);
    const single = await compareSingleWrites(embedded, session, options.writes, log, errors);
    const bulk = await compareBulk(embedded, session, options.bulkRounds, log, errors);
    measured = { read, tableRead, single, bulk };
  } finally {
    await embedded.close();
  }
  log('Starting a throwaway PostgreSQL cluster for the system store…');
  const cluster = await startPostgresCluster();
  try {
    const { connection, serverVersion } = await createBenchDatabase(cluster);
    const server = await startClickhouseBenchServer(log, connection);
    try {
      const session = await BenchSession.login(server.url, 'boss');
      const tableRead = await compareTableReads(server, session, options.writes, log, errors);
      const single = await compareSingleWrites(server, session, options.writes, log, errors);
      return { ...measured, shared: { tableRead, single, serverVersion } };
    } finally {
      await server.close();
    }
  } finally {
    cluster.stop();
  }
}

async function alternate(
  rounds: number,
  perRound: number,
  sides: { api: () => Promise<void>; raw: () => Promise<void> },
  label: string,
  log: (line: string) => void,
) {
  const samples = { api: new Samples(), raw: new Samples() };
  const pairs: { a: Samples; b: Samples }[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const pair = { api: new Samples(), raw: new Samples() };
    for (const side of round % 2 === 0 ? (['api', 'raw'] as const) : (['raw', 'api'] as const)) await runBatch(perRound, 1, pair[side], sides[side]);
    samples.api.absorb(pair.api);
    samples.raw.absorb(pair.raw);
    pairs.push({ a: pair.api, b: pair.raw });
    if ((round + 1) % 5 === 0 || round + 1 === rounds) log(`[clickhouse ${label}] round ${round + 1}/${rounds}`);
  }
  return { api: samples.api.summary(), raw: samples.raw.summary(), pairedRatio: pairedRatio(pairs) };
}

async function compareReads(server: BenchServer, session: BenchSession, rounds: number, log: (line: string) => void, errors: string[]) {
  let rows = 0;
  const sides = {
    api: async () => {
      const response = await session.post('/api/apps/lines/datasets/by_region/query', {});
      if (response.status !== 200) errors.push(`dataset query answered ${response.status}: ${JSON.stringify(response.body)}`);
      else rows = response.body.rows.length;
    },
    raw: async () => {
      await server.runtime.warehouse.query(READ_SQL);
    },
  };
  for (let i = 0; i < 3; i += 1) for (const side of Object.values(sides)) await side();
  return { ...(await alternate(rounds, 1, sides, 'read', log)), rows };
}

/** A page of the writable table through the API (read policy, paging, the read gate) vs the same SELECT on the driver. */
async function compareTableReads(server: BenchServer, session: BenchSession, reads: number, log: (line: string) => void, errors: string[]) {
  const sides = {
    api: async () => {
      const response = await session.post('/api/apps/lines/datasets/lines/query', { limit: 50, sort: [{ column: 'line_id', direction: 'asc' }] });
      if (response.status !== 200 || response.body.rows.length !== 50)
        errors.push(`table read answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
    },
    raw: async () => {
      await server.runtime.warehouse.query('SELECT line_id, region, amount, note FROM lines ORDER BY line_id LIMIT 50');
    },
  };
  for (let i = 0; i < 20; i += 1) for (const side of Object.values(sides)) await side();
  return alternate(Math.max(1, Math.round(reads / 20)), 20, sides, 'table read', log);
}

async function compareSingleWrites(server: BenchServer, session: BenchSession, writes: number, log: (line: string) => void, errors: string[]) {
  const { dialect } = server.runtime.warehouse;
  const integer = dialect.parseType('INTEGER');
  const decimal = dialect.parseType('DECIMAL(18,2)');
  const amounts = new Map<number, number>();
  const current = (id: number) => amounts.get(id) ?? id;
  let apiNext = 0;
  let rawNext = 10_000;
  const sides = {
    api: async () => {
      const id = apiNext++ % 5_000;
      const value = current(id) + 1;
      const change: Change = { op: 'update', key: { line_id: id }, set: { amount: value.toFixed(2) }, expect: { amount: current(id).toFixed(2) } };
      const response = await session.post('/api/apps/lines/tables/lines/changesets', { changes: [change] });
      if (response.status !== 200) errors.push(`single write answered ${response.status}: ${JSON.stringify(response.body)}`);
      amounts.set(id, value);
    },
    raw: async () => {
      const id = 10_000 + (rawNext++ % 5_000);
      const value = current(id) + 1;
      const q = renderSql(sql`UPDATE lines SET amount = ${typed(value.toFixed(2), decimal)} WHERE line_id = ${typed(id, integer)}`, dialect);
      await server.runtime.warehouse.query(q.sql, q.params);
      amounts.set(id, value);
    },
  };
  for (let i = 0; i < 20; i += 1) for (const side of Object.values(sides)) await side();
  const rounds = Math.max(1, Math.round(writes / 20));
  return alternate(rounds, 20, sides, 'single write', log);
}

async function compareBulk(server: BenchServer, session: BenchSession, rounds: number, log: (line: string) => void, errors: string[]) {
  const { dialect } = server.runtime.warehouse;
  const type = (name: string) => dialect.parseType(name);
  // What each row holds, kept here so that neither side reads before it writes.
  const rows = new Map<number, { amount: string; note: string | null }>();
  const seen = (id: number) => rows.get(id) ?? { amount: `${id}.00`, note: null };
  const block = (n: number) => Array.from({ length: BULK_ROWS }, (_, i) => 15_000 + (n % 3) * BULK_ROWS + i);
  let round = 0;
  const sides = {
    api: async () => {
      const next = { amount: `${round}.50`, note: `api ${round}` };
      const ids = block(round);
      const changes: Change[] = ids.map((id) => ({ op: 'update', key: { line_id: id }, set: next, expect: seen(id) }));
      const response = await session.post('/api/apps/lines/tables/lines/changesets', { changes });
      if (response.status !== 200) errors.push(`bulk changeset answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
      for (const id of ids) rows.set(id, next);
    },
    raw: async () => {
      const next = { amount: `${round}.50`, note: `raw ${round}` };
      const ids = block(round + 1);
      const statement = dialect.updateByKey(
        'lines',
        [{ name: 'line_id', type: type('INTEGER') }],
        [
          { name: 'amount', type: type('DECIMAL(18,2)') },
          { name: 'note', type: type('VARCHAR') },
        ],
        ids.map((id) => [String(id), next.amount, next.note]),
      );
      const q = renderSql(statement, dialect);
      await server.runtime.warehouse.query(q.sql, q.params);
      for (const id of ids) rows.set(id, next);
      round += 1;
    },
  };
  await sides.api();
  await sides.raw();
  return { ...(await alternate(rounds, 1, sides, 'bulk', log)), cells: BULK_ROWS * 2 };
}

export function renderClickhouseResults(outcome: ClickhouseOutcome, options: ClickhouseOptions): string[] {
  const row = (label: string, c: Comparison, target?: string) =>
    `| ${label} | ${ms(c.api.p50)} | ${ms(c.api.p95)} | ${ms(c.raw.p50)} | ${ms(c.raw.p95)} | ${ratio(c.pairedRatio)} | ${target ?? '-'} |`;
  return [
    `In-process engine (chdb). Read: ${options.reads} alternating rounds over ${JOURNAL_ROWS.toLocaleString('en')} journal rows (${outcome.read.rows} groups). ` +
      `Single writes: ${outcome.single.api.n} per side on a ${LINE_ROWS.toLocaleString('en')}-row table. Bulk: ${options.bulkRounds} rounds of ${outcome.bulk.cells.toLocaleString('en')} cells.`,
    '',
    '| Operation | API p50 ms | API p95 ms | raw p50 ms | raw p95 ms | API/raw (paired median) | target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(
      'Dashboard GROUP BY (API vs SQL on the driver)',
      outcome.read,
      `≤ ${CLICKHOUSE_READ_TARGET}× ${outcome.read.pairedRatio <= CLICKHOUSE_READ_TARGET ? '(met)' : '(missed)'}`,
    ),
    row('Page of 50 rows of the writable table (API vs the same SELECT)', outcome.tableRead),
    row('Single-cell write (audited, guarded vs one UPDATE)', outcome.single),
    row(`${outcome.bulk.cells.toLocaleString('en')}-cell changeset (audited vs one UPDATE by key)`, outcome.bulk),
    row(`Page of 50 rows, PostgreSQL ${outcome.shared.serverVersion} system store (read gate shared across servers)`, outcome.shared.tableRead),
    row('Single-cell write, PostgreSQL system store (table lock and read gate shared across servers)', outcome.shared.single),
  ];
}
