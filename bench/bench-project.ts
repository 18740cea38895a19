import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { serveBenchProject, type BenchServer } from './lib/serve-project.js';

export type { BenchServer };

const DEMO_DIR = resolve(import.meta.dirname, '../examples/demo');

export const JOURNAL_ROWS = 10_000_000;
export const READ_APP = 'bench';
export const READ_DATASET = 'journal_by_month_entity';

/** 24 months × 40 entities = 960 groups: one page at the API's default limit of 1000 rows. */
export const READ_SQL = `SELECT period AS month, entity_id, count(*) AS lines, CAST(sum(amount) AS DECIMAL(18,2)) AS amount
FROM bench_journal
GROUP BY period, entity_id
ORDER BY month, entity_id`;

const JOURNAL_SEED = `-- ${JOURNAL_ROWS.toLocaleString('en')} synthetic journal lines for the read benchmark.
CREATE TABLE bench_journal AS
SELECT i AS journal_id,
       printf('E%02d', CAST(i % 40 AS INTEGER) + 1) AS entity_id,
       CAST(4000 + (i // 40) % 20 * 100 AS VARCHAR) AS account_id,
       CAST(DATE '2025-01-01' + to_months(CAST((i // 800) % 24 AS INTEGER)) AS DATE) AS period,
       CAST(((i * 2654435761) % 10000000) / 100.0 AS DECIMAL(18,2)) AS amount
FROM range(0, ${JOURNAL_ROWS}) r(i);
`;

const BENCH_APP = {
  title: 'Benchmark',
  description: 'Monthly totals per entity over the synthetic journal.',
  roles: ['admin', 'finance_director', 'cfo'],
  datasets: { [READ_DATASET]: { sql: READ_SQL } },
  pages: [{ id: 'totals', title: 'Totals', blocks: [{ id: 'totals-table', type: 'table', dataset: READ_DATASET }] }],
};

/**
 * Copies the demo to a temp folder, adds the journal seed and the benchmark
 * app, generates the data and starts the real server on a free port.
 */
export async function startBenchServer(log: (line: string) => void): Promise<BenchServer> {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-bench-'));
  const projectDir = join(root, 'project');
  cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  writeFileSync(join(projectDir, 'seed', '90-bench-journal.sql'), JOURNAL_SEED);
  const configPath = join(projectDir, 'roundtrip.yaml');
  const config = parseDocument(readFileSync(configPath, 'utf8'));
  // The seed list is either one list or one list per warehouse type.
  const perType = isMap(config.getIn(['seed', 'scripts']));
  config.addIn(perType ? ['seed', 'scripts', 'duckdb'] : ['seed', 'scripts'], 'seed/90-bench-journal.sql');
  writeFileSync(configPath, config.toString());
  writeFileSync(join(projectDir, 'apps', `${READ_APP}.yaml`), JSON.stringify(BENCH_APP, null, 2));
  return serveBenchProject(projectDir, join(root, 'data'), log, () => rmSync(root, { recursive: true, force: true }));
}
