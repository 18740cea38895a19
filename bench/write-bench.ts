import type { ProjectRuntime } from '../src/runtime/open-project.js';
import type { BenchServer } from './bench-project.js';
import { BenchSession } from './lib/http-client.js';
import { openRawWriter, type RawWriter } from './raw-write.js';
import { pairedRatio, runBatch, Samples, type Summary } from './lib/stats.js';

export interface WriteOptions {
  /** Measured writes per side per concurrency level. */
  perSide: number;
  /** Writes per side in one round at concurrency 1 (rounds at concurrency c hold 16c writes when more: 16 per client); the sides alternate every round. */
  batch: number;
  /** Unmeasured writes per side at each level first, so the server's code is optimised (V8) as in a running server. */
  warmup: number;
  concurrencies: number[];
  /** Prefix of the progress lines; default `write`. */
  label?: string;
}

export interface WriteLevel {
  concurrency: number;
  api: Summary;
  raw: Summary;
  /** Median over rounds of the round's API p50 / raw p50. */
  pairedRatio: number;
  rawRetries: number;
  /** Writes/s of each warm-up round (WARMUP_ROUND writes) per side, in order: how far from cold the measured figures are. */
  warmup: { api: number[]; raw: number[] };
}

export interface WriteResult {
  levels: WriteLevel[];
  /** What one raw write runs, for the results table. */
  rawStatements: string[];
}

const USER = 'director';
const APP = 'budget';
const TABLE = 'budget_lines';
const CHANGESET_PATH = `/api/apps/${APP}/tables/${TABLE}/changesets`;

interface Line {
  id: number;
  cents: number;
}

/** Writes per warm-up round; each round's writes/s shows the warm-up curve. */
export const WARMUP_ROUND = 1000;

const formatCents = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/**
 * Single-cell budget edits, each on its own row so that nothing conflicts:
 * through the HTTP API versus `rawWriter`, by default the same statements on
 * the server's own driver.
 */
export async function runWriteBench(
  server: BenchServer,
  options: WriteOptions,
  log: (line: string) => void,
  errors: string[],
  rawWriter?: RawWriter,
): Promise<WriteResult> {
  const { runtime } = server;
  const lines = await loadLines(runtime);
  let cursor = 0;
  const take = () => lines[cursor++ % lines.length]!;
  const maxConcurrency = Math.max(...options.concurrencies);
  const sessions = await Promise.all(Array.from({ length: maxConcurrency }, () => BenchSession.login(server.url, USER)));
  const raw = rawWriter ?? (await openRawWriter(runtime));
  const before = await auditCount(runtime);
  const rawBefore = await raw.countOwnAudit?.();
  const written = { api: 0, raw: 0 };

  const sides = {
    api: async (worker: number) => {
      const line = take();
      const old = formatCents(line.cents);
      const next = formatCents(line.cents + 100);
      const response = await sessions[worker]!.post(CHANGESET_PATH, {
        changes: [{ op: 'update', key: { line_id: line.id }, set: { amount: next }, expect: { amount: old } }],
      });
      if (response.status !== 200 || response.body?.applied !== 1) {
        errors.push(`API write of line ${line.id} answered ${response.status}: ${JSON.stringify(response.body)}`);
        return;
      }
      line.cents += 100;
      written.api += 1;
    },
    raw: async (_worker: number) => {
      const line = take();
      await raw.write(line.id, formatCents(line.cents), formatCents(line.cents + 100)).then(
        () => {
          line.cents += 100;
          written.raw += 1;
        },
        (error: unknown) => errors.push(`raw write of line ${line.id} failed: ${(error as Error).message}`),
      );
    },
  };

  const results: WriteLevel[] = [];
  for (const concurrency of options.concurrencies) {
    const label = `${options.label ?? 'write'} c=${concurrency}`;
    // Each concurrent API worker keeps its own session, like one browser tab per user.
    const batchOf = (side: keyof typeof sides, samples: Samples, count: number) => runBatch(count, concurrency, samples, sides[side]);
    const warmup = { api: [] as number[], raw: [] as number[] };
    for (const side of ['api', 'raw'] as const) {
      for (let done = 0; done < options.warmup; done += WARMUP_ROUND) {
        const round = new Samples();
        await batchOf(side, round, Math.min(WARMUP_ROUND, options.warmup - done));
        warmup[side].push(round.summary().perSecond);
      }
      log(`[${label}] warm-up, ${side}: ${options.warmup} writes, writes/s per ${WARMUP_ROUND}: ${warmup[side].map((v) => v.toFixed(0)).join(' → ')}`);
    }
    const samples = { api: new Samples(), raw: new Samples() };
    const pairs: { a: Samples; b: Samples }[] = [];
    const retriesBefore = raw.retries;
    const batch = Math.max(options.batch, 16 * concurrency);
    const rounds = Math.ceil(options.perSide / batch);
    for (let round = 0; round < rounds; round += 1) {
      const count = Math.min(batch, options.perSide - round * batch);
      const order: (keyof typeof sides)[] = round % 2 === 0 ? ['api', 'raw'] : ['raw', 'api'];
      const pair = { api: new Samples(), raw: new Samples() };
      for (const side of order) await batchOf(side, pair[side], count);
      samples.api.absorb(pair.api);
      samples.raw.absorb(pair.raw);
      pairs.push({ a: pair.api, b: pair.raw });
      if ((round + 1) % Math.ceil(rounds / 5) === 0 || round + 1 === rounds) {
        log(`[${label}] round ${round + 1}/${rounds}: ${samples.api.latencies.length} API + ${samples.raw.latencies.length} raw writes measured`);
      }
    }
    results.push({
      concurrency,
      api: samples.api.summary(),
      raw: samples.raw.summary(),
      pairedRatio: pairedRatio(pairs),
      rawRetries: raw.retries - retriesBefore,
      warmup,
    });
  }

  const after = await auditCount(runtime);
  if (rawBefore === undefined) {
    const total = written.api + written.raw;
    if (after - before !== total) errors.push(`audit has ${after - before} new changesets for ${total} acknowledged writes`);
    else log(`  audit check: ${total} acknowledged writes, ${after - before} new audited changesets`);
  } else {
    const rawAudited = (await raw.countOwnAudit!()) - rawBefore;
    if (after - before !== written.api) errors.push(`audit has ${after - before} new changesets for ${written.api} acknowledged API writes`);
    else if (rawAudited !== written.raw) errors.push(`the raw audit table has ${rawAudited} new rows for ${written.raw} acknowledged raw writes`);
    else log(`  audit check: ${written.api} API writes, ${after - before} new audited changesets; ${written.raw} raw writes, ${rawAudited} new raw audit rows`);
  }
  return { levels: results, rawStatements: raw.statements };
}

/** Budget lines whose amount stays clear of the comment rule (above 1,500,000 needs a comment). */
async function loadLines(runtime: ProjectRuntime): Promise<Line[]> {
  const { rows } = await runtime.warehouse.query(`SELECT line_id, CAST(amount * 100 AS BIGINT) AS cents FROM ${TABLE} WHERE amount < 1000000 ORDER BY line_id`);
  return rows.map((r) => ({ id: Number(r.line_id), cents: Number(r.cents) }));
}

async function auditCount(runtime: ProjectRuntime): Promise<number> {
  const schema = runtime.current().config.audit.schema;
  const { rows } = await runtime.warehouse.query(`SELECT count(*) AS n FROM "${schema}".changesets`);
  return Number(rows[0]!.n);
}
