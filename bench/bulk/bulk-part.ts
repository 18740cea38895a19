import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DriverCapabilities } from '../../src/warehouse/driver.js';
import { declareLess } from '../../test/support/declare-less.js';
import { startPostgresCluster } from '../../test/support/postgres-cluster.js';
import { serveBenchProject } from '../lib/serve-project.js';
import { ms, ratio } from '../lib/stats.js';
import { createBenchDatabase, startPostgresBenchServer, withoutGates } from '../postgres/postgres-bench-project.js';
import { addBulkRows, type BulkLevel, runBulkBench } from './bulk-bench.js';
import { createRawAuditTables, openDuckdbBulkWriter, openPostgresBulkWriter, type RawBulkWriter } from './bulk-raw.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
export const BULK_RATIO_TARGET = 3;
export const BULK_GROWTH_TARGET = 12;

export interface BulkOutcome {
  engine: string;
  levels: BulkLevel[];
  rawStatements: string;
}

/**
 * Bulk changesets on the demo's budget, on DuckDB and on PostgreSQL: 10,000
 * and 100,000 cells through the API against the same set-based SQL on the
 * raw driver; and 10,000 on DuckDB declaring no `RETURNING`, the strategy
 * of engines without it (a check query per group, then the apply by key). The demo's validation gate is left out on both (the raw side
 * runs no gate); policies, value rules and the cross-field rule stay.
 */
export async function runBulkPart(levels: { cells: number; rounds: number }[], log: (line: string) => void, errors: string[]): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  log('Bulk changesets on DuckDB: starting the demo…');
  outcomes.push(await duckdbBulk('DuckDB', levels, log, errors));
  log('Bulk changesets on DuckDB declaring no RETURNING (checked, then applied by key, in a transaction under the table lock)…');
  outcomes.push(
    await duckdbBulk(
      'DuckDB declaring no RETURNING',
      levels.filter((level) => level.cells <= 10_000),
      log,
      errors,
      { supportsReturning: false, writableCtes: false },
    ),
  );

  log('Bulk changesets on PostgreSQL: starting a throwaway cluster…');
  const cluster = await startPostgresCluster();
  try {
    const { connection } = await createBenchDatabase(cluster);
    const server = await startPostgresBenchServer(connection, 'service', log);
    let raw: RawBulkWriter | undefined;
    try {
      await addBulkRows(server.runtime);
      await createRawAuditTables(server.runtime);
      raw = openPostgresBulkWriter(connection);
      outcomes.push({
        engine: 'PostgreSQL',
        levels: await runBulkBench({ url: server.url, runtime: server.runtime, raw }, levels, log, errors),
        rawStatements: raw.statements,
      });
    } finally {
      await raw?.close();
      await server.close();
    }
  } finally {
    cluster.stop();
  }
  return outcomes;
}

/** The bulk rounds on a fresh copy of the DuckDB demo (without its gate), the driver declaring `declares` missing. */
async function duckdbBulk(
  engine: string,
  levels: { cells: number; rounds: number }[],
  log: (line: string) => void,
  errors: string[],
  declares?: Partial<DriverCapabilities>,
): Promise<BulkOutcome> {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-bench-bulk-'));
  const projectDir = join(root, 'project');
  cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  withoutGates(projectDir);
  const duck = await serveBenchProject(projectDir, join(root, 'data'), log, () => rmSync(root, { recursive: true, force: true }));
  try {
    if (declares) declareLess(duck.runtime.warehouse, declares);
    await addBulkRows(duck.runtime);
    await createRawAuditTables(duck.runtime);
    const raw = openDuckdbBulkWriter(duck.runtime);
    return { engine, levels: await runBulkBench({ url: duck.url, runtime: duck.runtime, raw }, levels, log, errors), rawStatements: raw.statements };
  } finally {
    await duck.close();
  }
}

/** The bulk results as Markdown. */
export function renderBulkResults(outcomes: BulkOutcome[]): string[] {
  const out: string[] = [];
  out.push(
    'Bulk changeset: one changeset of N cells (N/2 budget lines × amount and comment, every update guarded by its old values), API vs the same set-based SQL on the raw driver, alternating rounds (the first of each size not counted):',
  );
  out.push('');
  out.push(
    '| warehouse | cells | rounds | API p50 ms | raw p50 ms | API/raw p50 | median per-round API/raw | sealing after the answer p50 ms | peak RSS MiB |',
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const outcome of outcomes) {
    for (const level of outcome.levels) {
      out.push(
        `| ${outcome.engine} | ${level.cells.toLocaleString('en')} | ${level.rounds} | ${ms(level.api.p50)} | ${ms(level.raw.p50)} | ${ratio(level.api.p50 / level.raw.p50)} | ${ratio(level.pairedRatio)} | ${ms(level.seal.p50)} | ${level.peakRssMiB.toFixed(0)} |`,
      );
    }
  }
  out.push('');
  for (const outcome of outcomes) {
    const small = outcome.levels.find((l) => l.cells === 10_000);
    const large = outcome.levels.find((l) => l.cells === 100_000);
    if (small) {
      const value = small.pairedRatio;
      out.push(
        `- ${value <= BULK_RATIO_TARGET ? 'PASS' : 'MISS'}: ${outcome.engine} 10,000 cells: API ${ratio(value)} the raw set-based SQL (target ≤ ${BULK_RATIO_TARGET}×)`,
      );
    }
    if (small && large) {
      const growth = large.api.p50 / small.api.p50;
      out.push(
        `- ${growth <= BULK_GROWTH_TARGET ? 'PASS' : 'MISS'}: ${outcome.engine} 100,000 cells take ${ratio(growth)} the 10,000-cell time (target ≤ ${BULK_GROWTH_TARGET}×: linear)`,
      );
    }
  }
  out.push(`\nRaw side: ${outcomes[0]?.rawStatements ?? ''}`);
  return out;
}
