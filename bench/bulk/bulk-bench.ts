import type { ProjectRuntime } from '../../src/runtime/open-project.js';
import { BenchSession } from '../lib/http-client.js';
import { percentile, Samples, type Summary } from '../lib/stats.js';
import type { BulkRow, RawBulkWriter } from './bulk-raw.js';

/** Budget lines added for the bulk rounds, past the demo's own ids. */
export const BULK_FIRST_ID = 1_000_000;
export const BULK_EXTRA_ROWS = 110_000;

export interface BulkLevel {
  /** Cells per changeset (two per row: amount and comment). */
  cells: number;
  rounds: number;
  api: Summary;
  raw: Summary;
  /**
   * The audit hash chain sealing the API's changeset after the answer (off the
   * write's path, but on DuckDB it holds the single writer): flushed before the
   * raw side runs, so neither side pays for it in its own time.
   */
  seal: Summary;
  /** Median over rounds of the round's API time / raw time. */
  pairedRatio: number;
  /** Resident memory of the process (server and load generator) after the API rounds, MiB, max over rounds. */
  peakRssMiB: number;
}

export interface BulkTarget {
  url: string;
  runtime: ProjectRuntime;
  raw: RawBulkWriter;
}

/**
 * Adds the rows the bulk rounds edit: each side edits its own half, so the
 * two never touch the same row and each knows the values it left.
 */
export async function addBulkRows(runtime: ProjectRuntime): Promise<void> {
  await runtime.warehouse.query(
    `INSERT INTO budget_lines (line_id, entity_id, account_id, period, amount, comment)
     SELECT ${BULK_FIRST_ID} + i, 'E01', '4000', DATE '2025-01-01', 100, NULL FROM generate_series(0, ${BULK_EXTRA_ROWS - 1}) AS g(i)`,
  );
}

/**
 * One changeset of `cells` cells (cells / 2 rows × amount and comment)
 * through the HTTP API, against the same guarded set-based SQL with its audit
 * rows on the raw driver, alternating round by round.
 */
export async function runBulkBench(
  target: BulkTarget,
  levels: { cells: number; rounds: number }[],
  log: (line: string) => void,
  errors: string[],
): Promise<BulkLevel[]> {
  const session = await BenchSession.login(target.url, 'director');
  const half = BULK_EXTRA_ROWS / 2;
  const state = (): BulkRow['old'][] => Array.from({ length: half }, () => ({ amount: '100.00', comment: null }));
  const apiState = state();
  const rawState = state();
  const results: BulkLevel[] = [];
  let round = 0;
  for (const level of levels) {
    const rows = level.cells / 2;
    const api = new Samples();
    const raw = new Samples();
    const seal = new Samples();
    const ratios: number[] = [];
    let rss = 0;
    for (let r = -1; r < level.rounds; r += 1) {
      round += 1;
      const plan = (values: BulkRow['old'][], offset: number): BulkRow[] =>
        Array.from({ length: rows }, (_, i) => ({
          lineId: BULK_FIRST_ID + offset + i,
          old: values[i]!,
          next: { amount: (Number(values[i]!.amount) + 1).toFixed(2), comment: `round ${round}` },
        }));
      const apiRows = plan(apiState, 0);
      const body = {
        changes: apiRows.map((row) => ({
          op: 'update',
          key: { line_id: row.lineId },
          set: row.next,
          expect: row.old,
        })),
        reason: `bulk ${level.cells} cells`,
      };
      const apiStart = performance.now();
      const response = await session.post('/api/apps/budget/tables/budget_lines/changesets', body);
      const apiMs = performance.now() - apiStart;
      rss = Math.max(rss, process.memoryUsage().rss / 2 ** 20);
      if (response.status !== 200) {
        errors.push(`bulk API write of ${level.cells} cells: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        return results;
      }
      apiRows.forEach((row, i) => (apiState[i] = row.next));
      const sealStart = performance.now();
      await target.runtime.sealer.flush();
      const sealMs = performance.now() - sealStart;
      const rawRows = plan(rawState, half);
      const rawStart = performance.now();
      await target.raw.write(rawRows);
      const rawMs = performance.now() - rawStart;
      rawRows.forEach((row, i) => (rawState[i] = row.next));
      // The first round of each size warms up (plans, V8) and is not counted.
      if (r < 0) continue;
      api.add(apiMs);
      api.wallMs += apiMs;
      raw.add(rawMs);
      raw.wallMs += rawMs;
      seal.add(sealMs);
      ratios.push(apiMs / rawMs);
      log(
        `  bulk ${level.cells.toLocaleString('en')} cells, round ${r + 1}/${level.rounds}: API ${apiMs.toFixed(0)} ms (then sealing ${sealMs.toFixed(0)} ms), raw ${rawMs.toFixed(0)} ms`,
      );
    }
    results.push({
      cells: level.cells,
      rounds: level.rounds,
      api: api.summary(),
      raw: raw.summary(),
      seal: seal.summary(),
      pairedRatio: percentile(
        [...ratios].sort((a, b) => a - b),
        0.5,
      ),
      peakRssMiB: rss,
    });
  }
  return results;
}
