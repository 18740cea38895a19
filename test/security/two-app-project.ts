import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';
import { FIXTURE_PASSWORD, writeProject, type FixtureProject } from '../support/fixture-project.js';

/** The stores of the `plans` app: `planner` may read and write the north and east ones. */
export const PLAN_STORES = [
  { store_id: 1, region: 'north', name: 'Harbour Street', target: '1000.00' },
  { store_id: 2, region: 'east', name: 'Mill Lane', target: '2000.00' },
  { store_id: 3, region: 'south', name: 'Station Road', target: '3000.00' },
  { store_id: 4, region: 'west', name: 'Quay Side', target: '4000.00' },
  { store_id: 5, region: 'north', name: 'Bridge End', target: '5000.00' },
  { store_id: 6, region: 'east', name: 'Castle Gate', target: '6000.00' },
];

/**
 * Two apps on one warehouse, for cross-app attacks.
 *
 * - `plans` (roles planner, manager): writable `stores` with a read and write
 *   row policy `row.region in user.regions` for planners; managers read and
 *   write every row. The warehouse column `margin` is not exposed to the app.
 *   Dataset `region_targets` sums targets per region. Store names are
 *   unique (a constraint only the warehouse enforces).
 * - `payroll` (role hr only): writable `salaries`, dataset `payroll_total`.
 *
 * Users (password {@link FIXTURE_PASSWORD}): `planner` (regions north, east;
 * opens only plans), `manager` (opens only plans), `hrlead` (opens only
 * payroll) and `owner` (manager and hr: opens both).
 */
export async function twoAppProject(): Promise<FixtureProject> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const project = {
    name: 'Two apps',
    warehouse: { type: 'duckdb', path: 'warehouse.duckdb' },
    seed: {
      whenMissing: 'stores',
      scripts: { duckdb: ['seed/tables.sql'], postgres: ['seed/tables.sql'], clickhouse: ['seed/clickhouse.sql'] },
    },
    audit: { schema: 'roundtrip_audit' },
    roles: {
      planner: { description: 'Plans the stores of their regions' },
      manager: { description: 'Plans every store' },
      hr: { description: 'Runs payroll' },
    },
    users: [
      { username: 'planner', passwordHash, roles: ['planner'], attributes: { regions: ['north', 'east'] } },
      { username: 'manager', passwordHash, roles: ['manager'] },
      { username: 'hrlead', passwordHash, roles: ['hr'] },
      { username: 'owner', passwordHash, roles: ['manager', 'hr'] },
    ],
  };
  const storeColumns = ['store_id', 'region', 'name', 'target'];
  const plans = {
    title: 'Store plans',
    roles: ['planner', 'manager'],
    datasets: {
      region_targets: {
        params: { region: { type: 'string', default: null } },
        sql: 'SELECT region, sum(target) AS target FROM stores WHERE :region IS NULL OR region = :region GROUP BY region',
      },
    },
    tables: {
      stores: {
        key: ['store_id'],
        columns: storeColumns,
        read: [{ roles: ['planner'], rows: 'row.region in user.regions' }, { roles: ['manager'] }],
        write: [
          { roles: ['planner'], operations: ['insert', 'update'], columns: storeColumns, rows: 'row.region in user.regions' },
          { roles: ['manager'], operations: ['insert', 'update', 'delete'], columns: storeColumns },
        ],
      },
    },
    pages: [{ id: 'main', title: 'Stores', blocks: [{ id: 'grid-stores', type: 'grid', table: 'stores' }] }],
  };
  const payroll = {
    title: 'Payroll',
    roles: ['hr'],
    datasets: { payroll_total: { sql: 'SELECT sum(salary) AS total FROM salaries' } },
    tables: {
      salaries: {
        key: ['employee_id'],
        write: [{ roles: ['hr'], operations: ['insert', 'update', 'delete'], columns: ['employee_id', 'name', 'salary'] }],
      },
    },
    pages: [{ id: 'main', title: 'Salaries', blocks: [{ id: 'grid-salaries', type: 'grid', table: 'salaries' }] }],
  };
  const stores = PLAN_STORES.map((s) => `(${s.store_id}, '${s.region}', '${s.name}', ${s.target}, 0.${s.store_id}5)`).join(', ');
  const seed = [
    'CREATE TABLE stores (store_id INTEGER PRIMARY KEY, region VARCHAR, name VARCHAR NOT NULL UNIQUE, target DECIMAL(12,2), margin DECIMAL(5,2));',
    `INSERT INTO stores VALUES ${stores};`,
    'CREATE TABLE salaries (employee_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, salary DECIMAL(12,2) NOT NULL);',
    "INSERT INTO salaries VALUES (1, 'Avery', 52000), (2, 'Blake', 61000), (3, 'Casey', 58000);",
  ].join('\n');
  // ClickHouse: MergeTree tables written in place; the key is the sorting key and not enforced, nor is UNIQUE.
  const inPlace = 'SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1';
  const clickhouse = [
    `CREATE TABLE stores (store_id INTEGER NOT NULL, region VARCHAR, name VARCHAR NOT NULL, target DECIMAL(12,2), margin DECIMAL(5,2), PRIMARY KEY (store_id)) ${inPlace};`,
    `INSERT INTO stores VALUES ${stores};`,
    `CREATE TABLE salaries (employee_id INTEGER NOT NULL, name VARCHAR NOT NULL, salary DECIMAL(12,2) NOT NULL, PRIMARY KEY (employee_id)) ${inPlace};`,
    "INSERT INTO salaries VALUES (1, 'Avery', 52000), (2, 'Blake', 61000), (3, 'Casey', 58000);",
  ].join('\n');
  return writeProject({
    'roundtrip.yaml': stringify(project),
    'apps/plans.yaml': stringify(plans),
    'apps/payroll.yaml': stringify(payroll),
    'seed/tables.sql': `${seed}\n`,
    'seed/clickhouse.sql': `${clickhouse}\n`,
  });
}
