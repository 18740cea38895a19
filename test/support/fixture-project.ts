import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';

export interface FixtureProject {
  dir: string;
  remove(): void;
}

/** Writes `files` (relative path → text) into a fresh temp folder. */
export function writeProject(files: Record<string, string>): FixtureProject {
  const dir = mkdtempSync(join(tmpdir(), 'roundtrip-fixture-'));
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The 1-based line of the first line of `text` that contains `marker`. */
/**
 * A fixture's seed from portable SQL (one key column declared `PRIMARY KEY`
 * inline): the script as given for DuckDB and PostgreSQL, and a ClickHouse
 * twin whose key column is NOT NULL and whose tables allow in-place updates.
 * Spread into a project's `seed` and its files.
 */
export function portableSeed(name: string, script: string): { scripts: Record<string, string[]>; files: Record<string, string> } {
  const clickhouse = script
    .replace(/(\w+ \w+) PRIMARY KEY/g, '$1 NOT NULL PRIMARY KEY')
    .replace(/(CREATE TABLE [^;]*\));/g, '$1 SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;');
  const portable = `seed/${name}.sql`;
  const twin = `seed/${name}.clickhouse.sql`;
  return {
    scripts: { duckdb: [portable], postgres: [portable], clickhouse: [twin] },
    files: { [portable]: `${script}\n`, [twin]: `${clickhouse}\n` },
  };
}

export function lineOf(text: string, marker: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`marker ${JSON.stringify(marker)} not found`);
  return index + 1;
}

/** A syntactically valid scrypt hash; for fixtures that are loaded but never logged into. */
export const PLACEHOLDER_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const FIXTURE_PASSWORD = 'fixture-password';

export const REGION_STORES = [
  { store_id: 1, region: 'north', name: 'Harbour Street', target: '1000.00' },
  { store_id: 2, region: 'east', name: 'Mill Lane', target: '2000.00' },
  { store_id: 3, region: 'south', name: 'Station Road', target: '3000.00' },
];

/**
 * A project with one writable table `stores` whose write policy lets the
 * `regional` role edit `region` (and insert) only for rows where
 * `row.region in user.regions`. User `north` has regions north and east;
 * user `boss` (role manager) may write every row; user `guest` (role
 * outsider) may not open the app.
 */
export async function regionProject(): Promise<FixtureProject> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const project = {
    name: 'Region fixture',
    warehouse: { type: 'duckdb', path: 'warehouse.duckdb' },
    seed: { whenMissing: 'stores', scripts: {} as Record<string, string[]> },
    audit: { schema: 'roundtrip_audit' },
    roles: {
      regional: { description: 'Edits stores of their regions' },
      manager: { description: 'Edits every store' },
      outsider: { description: 'May open no app' },
    },
    users: [
      { username: 'north', passwordHash, roles: ['regional'], attributes: { regions: ['north', 'east'] } },
      { username: 'boss', passwordHash, roles: ['manager'] },
      { username: 'guest', passwordHash, roles: ['outsider'] },
    ],
  };
  const columns = ['store_id', 'region', 'name', 'target'];
  const app = {
    title: 'Stores',
    roles: ['regional', 'manager'],
    tables: {
      stores: {
        key: ['store_id'],
        write: [
          { roles: ['regional'], operations: ['insert', 'update'], columns, rows: 'row.region in user.regions' },
          { roles: ['manager'], operations: ['insert', 'update', 'delete'], columns },
        ],
      },
    },
    pages: [{ id: 'main', title: 'Stores', blocks: [{ id: 'grid-stores', type: 'grid', table: 'stores' }] }],
  };
  const values = REGION_STORES.map((s) => `(${s.store_id}, '${s.region}', '${s.name}', ${s.target})`).join(', ');
  const seed = [
    'CREATE TABLE stores (store_id INTEGER PRIMARY KEY, region VARCHAR NOT NULL, name VARCHAR NOT NULL, target DECIMAL(12,2));',
    `INSERT INTO stores VALUES ${values};`,
  ].join('\n');
  const { scripts, files } = portableSeed('stores', seed);
  project.seed.scripts = scripts;
  return writeProject({ 'roundtrip.yaml': stringify(project), 'apps/stores.yaml': stringify(app), ...files });
}
