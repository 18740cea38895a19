import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import type { ReadResult } from '../read-bench.js';
import { WARMUP_ROUND, type WriteLevel, type WriteResult } from '../write-bench.js';
import { ms, ratio } from './stats.js';

export const WRITE_P50_TARGET = 2;
export const READ_P50_TARGET = 1.15;

export interface Outcome {
  writes: WriteResult;
  read: ReadResult;
  readRows: number;
  writesPerSide: number;
  warmupWrites: number;
  readRounds: number;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

/** The DuckDB results as Markdown: printed on the console and appended to RESULTS.md. */
export function renderResults(outcome: Outcome): string[] {
  const { read } = outcome;
  const writes = outcome.writes.levels;
  const out: string[] = [];
  out.push(`Audited single-cell write (one transaction: ${outcome.writes.rawStatements.join(', ')}), ${outcome.writesPerSide} writes per side per level:`);
  out.push('');
  out.push('| concurrency | path | p50 ms | p95 ms | writes/s | API/raw p50 | API/raw writes/s | median per-round API/raw p50 |');
  out.push('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const level of writes) {
    out.push(
      `| ${level.concurrency} | API | ${ms(level.api.p50)} | ${ms(level.api.p95)} | ${level.api.perSecond.toFixed(0)} | ${ratio(level.api.p50 / level.raw.p50)} | ${ratio(level.api.perSecond / level.raw.perSecond)} | ${ratio(level.pairedRatio)} |`,
    );
    out.push(`| ${level.concurrency} | raw driver | ${ms(level.raw.p50)} | ${ms(level.raw.p95)} | ${level.raw.perSecond.toFixed(0)} | | | |`);
  }
  out.push(
    '',
    ...warmupLines(
      outcome.warmupWrites,
      writes.map((level) => ({ label: `c=${level.concurrency}`, level })),
    ),
  );
  const retries = writes.reduce((n, l) => n + l.rawRetries, 0);
  if (retries) out.push(`\nThe raw side retried ${retries} transaction conflict(s), as the pipeline does.`);
  out.push('');
  out.push(
    `Dashboard read: GROUP BY month, entity with SUM over ${outcome.readRows.toLocaleString('en')} rows (${read.rows} result rows), ${outcome.readRounds} queries per side:`,
  );
  out.push('');
  out.push('| path | p50 ms | p95 ms | API/raw p50 | API/raw p95 | median per-round API/raw |');
  out.push('|---|---:|---:|---:|---:|---:|');
  out.push(
    `| API | ${ms(read.api.p50)} | ${ms(read.api.p95)} | ${ratio(read.api.p50 / read.raw.p50)} | ${ratio(read.api.p95 / read.raw.p95)} | ${ratio(read.pairedRatio)} |`,
  );
  out.push(`| raw driver | ${ms(read.raw.p50)} | ${ms(read.raw.p95)} | | | |`);
  out.push('');
  for (const target of targets(outcome)) out.push(`- ${target.pass ? 'PASS' : 'MISS'}: ${target.text}`);
  return out;
}

/** How the measured figures relate to a cold server: each level's warm-up rounds, per side. */
export function warmupLines(warmupWrites: number, levels: { label: string; level: WriteLevel }[]): string[] {
  const curve = (values: number[]) => values.map((v) => v.toFixed(0)).join(' → ');
  return [
    `Warm-up: ${warmupWrites.toLocaleString('en')} unmeasured writes per side before each level (V8 optimises the server's code over its first few thousand requests); writes/s per ${WARMUP_ROUND.toLocaleString('en')} warm-up writes:`,
    '',
    ...levels.map(({ label, level }) => `- ${label}: API ${curve(level.warmup.api)}; raw ${curve(level.warmup.raw)}`),
  ];
}

export function targets(outcome: Outcome): { pass: boolean; text: string }[] {
  const result: { pass: boolean; text: string }[] = [];
  const single = outcome.writes.levels.find((l) => l.concurrency === 1);
  if (single) {
    const r = single.api.p50 / single.raw.p50;
    result.push({ pass: r <= WRITE_P50_TARGET, text: `write p50 at concurrency 1 ≤ ${WRITE_P50_TARGET}× raw (measured ${ratio(r)})` });
  }
  const r = outcome.read.api.p50 / outcome.read.raw.p50;
  result.push({ pass: r <= READ_P50_TARGET, text: `read p50 ≤ ${READ_P50_TARGET}× raw (measured ${ratio(r)})` });
  return result;
}

const HEADER = `# Benchmark results

Produced by \`npm run bench -- --record\` (\`bench/run.ts\`; \`--only duckdb\`, \`--only postgres\`
or \`--only live\` runs one part). Each section is one run; compare ratios within a section, not absolute
figures across machines.

## Method

### Warm-up

Each write level starts with unmeasured writes on each side (\`--warmup\`, default 5,000),
and each section lists their writes/s per 1,000 so the distance from a cold server is on
record. V8 optimises the server's code over its first few thousand requests: on the
machine below, node CPU per PostgreSQL write (concurrency 16) fell from about 0.8 ms in
the first 500 writes to about 0.2 ms after 5,000 (0.17 ms after 7,000); the raw side gains
about 10 % over its warm-up. Runs up to
2026-11-28 00:17 UTC warmed up with 200 writes per side and so measured a partly cold
server.

### DuckDB

One process starts the real server on a temp copy of \`examples/demo\` plus a
generated \`bench_journal\` table and a \`bench\` app. The API side calls the HTTP API over
keep-alive connections with a session cookie and CSRF token; the raw side runs the
equivalent SQL on the server's own warehouse driver (the same DuckDB file and connection
pool), skipping HTTP, authentication, validation and SQL building.

- **Write**: one budget cell per request, a different \`line_id\` each time (no conflicts),
  as \`director\`. Raw: one transaction with the guarded \`UPDATE … RETURNING\` and the
  \`changesets\` and \`cell_changes\` INSERTs: the statements the pipeline runs, written by
  hand. After warm-up the two sides alternate in rounds (10 writes per side at concurrency
  1, 256 at concurrency 16: 16 per client, so that the ramp-up and drain at each round's
  edges stay small; runs up to 2026-11-28 01:21 UTC used 64), so machine noise hits both.
  writes/s = writes over the summed wall time of the side's rounds.
- **Read**: the \`bench\` app's dataset (GROUP BY month and entity with SUM) through
  \`POST /api/apps/bench/datasets/…/query\` versus the dataset's SQL as-is on the driver,
  alternating one query each.
- Both tables also give the median over rounds of the round's API/raw p50 ratio, which is
  less sensitive to machine load that drifts during the run than the pooled ratio.
- Latencies are client-side wall clock (nearest-rank percentiles); the load generator
  (undici, keep-alive) runs in the server's process and shares the machine with it.

### PostgreSQL

The run starts a throwaway PostgreSQL cluster from the machine's binaries (as the
test run does: 127.0.0.1, a free port, fsync and synchronous commit off), scaffolds the
demo for it as \`roundtrip init --warehouse postgres\` does, without the budget's
validation gate (a GROUP BY over the whole budget after every write, which the raw side
does not do), and starts the real server in process, with the warehouse pool at its
default of 10 connections. Same write workload, warm-up, rounds and alternation as the
DuckDB write, at concurrency 1 and 16.

- **API**: \`POST …/changesets\` as \`director\`: session (cached in memory), CSRF check,
  policies, validation, then one prepared statement: the guarded \`UPDATE\` (row policy and
  the cross-field rule in its WHERE) with the \`changesets\` and \`cell_changes\` INSERTs in
  data-modifying CTEs. Concurrent writes share statements (group commit); the hash chain
  is sealed after commit by the server's sealer, which runs during the measurement.
- **Raw**: a separate \`pg.Pool\` as large as the server's runs one statement per write, the
  minimal honest equivalent: a data-modifying CTE that locks the row (\`SELECT … FOR
  UPDATE\`), UPDATEs it only if it still holds the expected value, and INSERTs one audit
  row with the old and new value into \`bench_raw_audit\`. No hash chain, no changeset row,
  no session check, no HTTP.
- **Passthrough** (extra rows): the same, with the server in identity passthrough mode
  (the director's statements run as a database role holding only the budget grants).
  This takes a transaction (BEGIN, set_config of role and claims, guarded UPDATE, back to
  the service role, audit INSERT, COMMIT), which the raw side's single statement does not
  have to do.
- Targets: p50 ≤ 2× raw at concurrency 1; writes/s at concurrency 16 ≥ 50 % of raw.
`;

/** Appends one run's lines to RESULTS.md as a section headed by the date and the machine. */
export function recordResults(path: string, lines: string[], when = new Date()): void {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  const section = [`## ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`, '', `Machine: ${machine()}.`, '', ...lines, ''];
  writeFileSync(path, `${existing.trimEnd()}\n\n${section.join('\n')}`);
}
