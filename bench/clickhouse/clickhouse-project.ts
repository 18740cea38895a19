import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';
import { type BenchServer, serveBenchProject } from '../lib/serve-project.js';

export const JOURNAL_ROWS = 10_000_000;
export const LINE_ROWS = 30_000;
export const READ_SQL = 'SELECT region, period, sum(amount) AS total, count() AS lines FROM journal GROUP BY region, period ORDER BY region, period';

/**
 * A ClickHouse project on the in-process engine: `lines` (writable, 30,000
 * rows) and a 10M-row `journal` that a dashboard dataset aggregates. User
 * `boss` reads and writes everything (password `demo`). With `systemStore`,
 * the system store is that PostgreSQL database, as several servers of one
 * project have it: table write locks and read gates then hold across servers.
 */
export async function startClickhouseBenchServer(
  log: (line: string) => void,
  systemStore?: { host: string; port: number; database: string; user: string },
): Promise<BenchServer> {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-bench-clickhouse-'));
  const project = {
    name: 'ClickHouse bench',
    warehouse: { type: 'clickhouse', path: 'clickhouse', database: 'bench' },
    ...(systemStore ? { systemStore: { type: 'postgres', ...systemStore } } : {}),
    seed: { whenMissing: 'lines', scripts: { clickhouse: ['seed/clickhouse.sql'] } },
    audit: { schema: 'roundtrip_audit' },
    roles: { boss: { description: 'Plans everything' } },
    users: [{ username: 'boss', passwordHash: await hashPassword('demo'), roles: ['boss'] }],
  };
  const app = {
    title: 'Lines',
    roles: ['boss'],
    datasets: { by_region: { sql: READ_SQL } },
    tables: { lines: { key: ['line_id'], write: [{ roles: ['boss'], operations: ['insert', 'update', 'delete'], columns: ['amount', 'note'] }] } },
    pages: [{ id: 'main', title: 'Lines', blocks: [{ id: 'grid-lines', type: 'grid', table: 'lines' }] }],
  };
  const lightweight = 'SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1';
  const files: Record<string, string> = {
    'roundtrip.yaml': stringify(project),
    'apps/lines.yaml': stringify(app),
    'seed/clickhouse.sql': `CREATE TABLE journal (journal_id BIGINT NOT NULL, region VARCHAR NOT NULL, period DATE NOT NULL, amount DECIMAL(18,2) NOT NULL, PRIMARY KEY (journal_id));
INSERT INTO journal SELECT number, ['north', 'east', 'south', 'west'][number % 4 + 1], toDate('2025-01-01') + toIntervalMonth(number % 24), (number % 9973) / 7 FROM numbers(${JOURNAL_ROWS});
CREATE TABLE lines (line_id INTEGER NOT NULL, region VARCHAR NOT NULL, amount DECIMAL(18,2) NOT NULL, note VARCHAR, PRIMARY KEY (line_id)) ${lightweight};
INSERT INTO lines SELECT number, ['north', 'east', 'south', 'west'][number % 4 + 1], number, NULL FROM numbers(${LINE_ROWS});
`,
  };
  const projectDir = join(root, 'project');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(projectDir, path)), { recursive: true });
    writeFileSync(join(projectDir, path), text);
  }
  log(`ClickHouse (in process): seeding ${JOURNAL_ROWS.toLocaleString('en')} journal rows…`);
  return serveBenchProject(projectDir, join(root, 'data'), log, () => rmSync(root, { recursive: true, force: true }));
}
