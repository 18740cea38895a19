import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';
import { FIXTURE_PASSWORD, type FixtureProject, writeProject } from './fixture-project.js';

/** Rows of the `lines` table; line n has region REGIONS[n % 4] and amount n. */
export const BULK_ROWS = 30_000;
export const REGIONS = ['north', 'east', 'south', 'west'] as const;
export const regionOf = (lineId: number) => REGIONS[lineId % 4]!;

/**
 * A project with one writable table `lines` (line_id, region, amount, note) of
 * 20,000 rows, seeded on DuckDB and PostgreSQL alike. `planner` reads north,
 * east and south and writes (insert, update, delete) north and east only;
 * `boss` reads and writes everything. Rules: amount ≥ 0; a note is required
 * above 1,000,000 (a cross-field rule).
 */
export async function bulkProject(): Promise<FixtureProject> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const project = {
    name: 'Bulk fixture',
    warehouse: { type: 'duckdb', path: 'warehouse.duckdb' },
    seed: { whenMissing: 'lines', scripts: { duckdb: ['seed/duckdb.sql'], postgres: ['seed/postgres.sql'], clickhouse: ['seed/clickhouse.sql'] } },
    audit: { schema: 'roundtrip_audit' },
    roles: { planner: { description: 'Plans north and east' }, boss: { description: 'Plans everything' } },
    users: [
      { username: 'planner', passwordHash, roles: ['planner'], attributes: { regions: ['north', 'east'], readable: ['north', 'east', 'south'] } },
      { username: 'boss', passwordHash, roles: ['boss'] },
    ],
  };
  const columns = ['line_id', 'region', 'amount', 'note'];
  const app = {
    title: 'Lines',
    roles: ['planner', 'boss'],
    tables: {
      lines: {
        key: ['line_id'],
        read: [{ roles: ['planner'], rows: 'row.region in user.readable' }, { roles: ['boss'] }],
        write: [
          { roles: ['planner'], operations: ['insert', 'update', 'delete'], columns, rows: 'row.region in user.regions' },
          { roles: ['boss'], operations: ['insert', 'update', 'delete'], columns },
        ],
        rules: [
          { column: 'amount', required: true, min: 0 },
          {
            name: 'large_needs_note',
            column: 'note',
            check: 'row.amount <= 1000000.0 || (row.note != null && row.note != "")',
            message: 'Amounts above 1,000,000 need a note.',
          },
        ],
      },
    },
    datasets: { line_totals: { sql: 'SELECT count(*) AS n, sum(amount) AS amount FROM lines' } },
    pages: [{ id: 'main', title: 'Lines', blocks: [{ id: 'grid-lines', type: 'grid', table: 'lines' }] }],
  };
  const table = 'CREATE TABLE lines (line_id INTEGER PRIMARY KEY, region VARCHAR NOT NULL, amount DECIMAL(18,2) NOT NULL, note VARCHAR);';
  const regions = `CASE i % 4 WHEN 0 THEN 'north' WHEN 1 THEN 'east' WHEN 2 THEN 'south' ELSE 'west' END`;
  return writeProject({
    'roundtrip.yaml': stringify(project),
    'apps/lines.yaml': stringify(app),
    'seed/duckdb.sql': `${table}\nINSERT INTO lines SELECT i, ${regions}, i, NULL FROM range(0, ${BULK_ROWS}) r(i);\n`,
    'seed/clickhouse.sql': `CREATE TABLE lines (line_id INTEGER NOT NULL, region VARCHAR NOT NULL, amount DECIMAL(18,2) NOT NULL, note VARCHAR, PRIMARY KEY (line_id))
      SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
      INSERT INTO lines SELECT number, ${regions.replaceAll('i % 4', 'number % 4')}, number, NULL FROM numbers(${BULK_ROWS});\n`,
    'seed/postgres.sql': `${table}\nINSERT INTO lines SELECT i, ${regions}, i, NULL FROM generate_series(0, ${BULK_ROWS - 1}) AS r(i);\n`,
  });
}
