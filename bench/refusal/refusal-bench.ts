import { onDemoServers } from '../lib/demo-servers.js';
import { BenchSession } from '../lib/http-client.js';
import type { BenchServer } from '../lib/serve-project.js';
import { percentile } from '../lib/stats.js';

const FORBIDDEN_CHANGES = 5_000;
const ROUNDS = 5;

export interface RefusalLevel {
  engine: string;
  /** Time to answer a 5,000-change changeset of rows the partner may not write, per round. */
  refuseMs: number[];
  status: number;
  /** Another user's single-cell writes while nothing else runs, and while the refusals run. */
  idleWriteMs: number[];
  duringWriteMs: number[];
}

/**
 * What a refused bulk write costs: partner1 sends 5,000 updates to another
 * entity's lines (refused), while the director keeps editing one cell at a
 * time; the director's latency is measured alone first, then during the
 * refusals.
 */
async function measure(engine: string, server: BenchServer, log: (line: string) => void): Promise<RefusalLevel> {
  const [partner, director] = await Promise.all([BenchSession.login(server.url, 'partner1'), BenchSession.login(server.url, 'director')]);
  const path = '/api/apps/budget/tables/budget_lines/changesets';
  const amounts = new Map<number, string>();
  const { rows } = await server.runtime.warehouse.query(
    "SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE entity_id = 'E06' ORDER BY line_id",
  );
  const foreign = rows
    .slice(0, FORBIDDEN_CHANGES)
    .map((r) => ({ op: 'update', key: { line_id: Number(r.line_id) }, set: { amount: '1.00' }, expect: { amount: String(r.amount) } }));
  while (foreign.length < FORBIDDEN_CHANGES) foreign.push({ ...foreign[foreign.length % rows.length]!, key: { line_id: 100_000 + foreign.length } });
  const own = (
    await server.runtime.warehouse.query(
      "SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE entity_id = 'E20' ORDER BY line_id LIMIT 400",
    )
  ).rows;
  for (const r of own) amounts.set(Number(r.line_id), String(r.amount));
  let next = 0;
  const directorWrite = async () => {
    const line = Number(own[next++ % own.length]!.line_id);
    const old = amounts.get(line)!;
    const value = (Number(old) + 1).toFixed(2);
    const start = performance.now();
    const response = await director.post(path, { changes: [{ op: 'update', key: { line_id: line }, set: { amount: value }, expect: { amount: old } }] });
    if (response.status !== 200) throw new Error(`director write failed: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    amounts.set(line, value);
    return performance.now() - start;
  };
  const idleWriteMs: number[] = [];
  for (let i = 0; i < 100; i += 1) idleWriteMs.push(await directorWrite());
  const refuseMs: number[] = [];
  const duringWriteMs: number[] = [];
  let status = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    let refusing = true;
    const writer = (async () => {
      while (refusing) {
        duringWriteMs.push(await directorWrite());
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const start = performance.now();
    const refused = await partner.post(path, { changes: foreign });
    refuseMs.push(performance.now() - start);
    status = refused.status;
    refusing = false;
    await writer;
  }
  log(`  ${engine}: refused in ${refuseMs.map((m) => m.toFixed(0)).join(', ')} ms (status ${status})`);
  return { engine, refuseMs, status, idleWriteMs, duringWriteMs };
}

export async function runRefusalBench(log: (line: string) => void): Promise<RefusalLevel[]> {
  return onDemoServers('Refusal cost', log, (engine, server) => measure(engine, server, log));
}

export function renderRefusalResults(levels: RefusalLevel[]): string[] {
  const p = (values: number[], q: number) =>
    percentile(
      [...values].sort((a, b) => a - b),
      q,
    ).toFixed(1);
  return [
    `Refusal cost: partner1 sends ${FORBIDDEN_CHANGES.toLocaleString('en')} updates of another entity's lines (refused as one changeset, ${ROUNDS} rounds) while the director edits one cell at a time:`,
    '',
    '| warehouse | answer | time to refuse, median ms | director write alone p50 / p95 ms | director write during refusals p50 / p95 / max ms |',
    '|---|---:|---:|---:|---:|',
    ...levels.map(
      (l) =>
        `| ${l.engine} | ${l.status} | ${p(l.refuseMs, 0.5)} | ${p(l.idleWriteMs, 0.5)} / ${p(l.idleWriteMs, 0.95)} | ${p(l.duringWriteMs, 0.5)} / ${p(l.duringWriteMs, 0.95)} / ${Math.max(...l.duringWriteMs).toFixed(1)} |`,
    ),
  ];
}
