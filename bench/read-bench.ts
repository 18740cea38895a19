import { READ_APP, READ_DATASET, READ_SQL, type BenchServer } from './bench-project.js';
import { BenchSession } from './lib/http-client.js';
import { pairedRatio, runBatch, Samples, type Summary } from './lib/stats.js';

export interface ReadOptions {
  rounds: number;
  warmup: number;
}

export interface ReadResult {
  rows: number;
  api: Summary;
  raw: Summary;
  /** Median over rounds of that round's API/raw latency ratio (robust to drifting machine load). */
  pairedRatio: number;
}

/**
 * The dashboard's aggregate over the journal: POST …/datasets/<name>/query
 * versus the dataset's SQL run as-is on the server's driver, alternating.
 */
export async function runReadBench(server: BenchServer, options: ReadOptions, log: (line: string) => void, errors: string[]): Promise<ReadResult> {
  const session = await BenchSession.login(server.url, 'director');
  const path = `/api/apps/${READ_APP}/datasets/${READ_DATASET}/query`;
  let rows = 0;
  const sides = {
    api: async () => {
      const response = await session.post(path, {});
      if (response.status !== 200) errors.push(`dataset query answered ${response.status}: ${JSON.stringify(response.body)}`);
      else rows = response.body.rows.length;
    },
    raw: async () => {
      await server.runtime.warehouse.query(READ_SQL);
    },
  };

  log(`[read] warm-up: ${options.warmup} queries per side`);
  const api = await session.post(path, {});
  const raw = await server.runtime.warehouse.query(READ_SQL);
  if (api.status !== 200) errors.push(`dataset query answered ${api.status}: ${JSON.stringify(api.body)}`);
  else if (canonical(api.body.rows) !== canonical(raw.rows))
    errors.push(`the API returned ${api.body.rows.length} rows that differ from the ${raw.rows.length} raw rows`);
  for (let i = 1; i < options.warmup; i += 1) for (const side of Object.values(sides)) await side();

  const samples = { api: new Samples(), raw: new Samples() };
  const pairs: { a: Samples; b: Samples }[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const order: (keyof typeof sides)[] = round % 2 === 0 ? ['api', 'raw'] : ['raw', 'api'];
    const pair = { api: new Samples(), raw: new Samples() };
    for (const side of order) await runBatch(1, 1, pair[side], sides[side]);
    samples.api.absorb(pair.api);
    samples.raw.absorb(pair.raw);
    pairs.push({ a: pair.api, b: pair.raw });
    if ((round + 1) % 10 === 0 || round + 1 === options.rounds) log(`[read] round ${round + 1}/${options.rounds}`);
  }
  return { rows, api: samples.api.summary(), raw: samples.raw.summary(), pairedRatio: pairedRatio(pairs) };
}

/** Rows as sorted JSON lines, so that the comparison ignores row order. */
function canonical(rows: readonly Record<string, unknown>[]): string {
  return rows
    .map((r) => JSON.stringify(r))
    .sort()
    .join('\n');
}
