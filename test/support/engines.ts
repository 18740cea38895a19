import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickhouseDriver } from '../../src/warehouse/clickhouse/clickhouse-driver.js';
import { parseDocument } from 'yaml';
import { createTestDatabase } from './postgres-database.js';

export type EngineName = 'duckdb' | 'postgres' | 'clickhouse';

/**
 * A warehouse engine that runs on this machine. Behaviour suites loop over
 * `ENGINES` (`describe.each(ENGINES)`), so an engine joins every suite by
 * adding one entry here.
 */
export interface TestEngine {
  name: EngineName;
  /**
   * Points the project in `projectDir` at a fresh, empty warehouse of this
   * engine (its seed scripts fill it on first start). Resolves to the cleanup.
   */
  provision(projectDir: string): Promise<() => Promise<void>>;
  /** The engine enforces PRIMARY KEY and UNIQUE constraints (`capabilities.enforcesKeys`). */
  enforcesKeys: boolean;
  /** A query returning `n` and `h` for `table` (rows matching `where`, SQL of the test's own): any change to any row changes `h`. */
  fingerprintSql(table: string, where?: string): string;
}

function setWarehouse(projectDir: string, warehouse: Record<string, unknown>): void {
  const file = join(projectDir, 'roundtrip.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('warehouse', doc.createNode(warehouse));
  writeFileSync(file, doc.toString());
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

const duckdb: TestEngine = {
  name: 'duckdb',
  enforcesKeys: true,
  async provision(projectDir) {
    setWarehouse(projectDir, { type: 'duckdb', path: 'warehouse.duckdb' });
    return async () => undefined;
  },
  fingerprintSql: (table, where = 'TRUE') => `SELECT count(*) AS n, CAST(sum(hash(t)) AS VARCHAR) AS h FROM ${quote(table)} t WHERE ${where}`,
};

const postgres: TestEngine = {
  name: 'postgres',
  enforcesKeys: true,
  async provision(projectDir) {
    const db = await createTestDatabase();
    setWarehouse(projectDir, { type: 'postgres', host: db.host, port: db.port, database: db.database, user: db.user });
    return () => db.drop();
  },
  // Every committed insert or update leaves a row version whose xmin is a newer transaction id than any it
  // replaces, and a delete lowers the count: so count and the sum of xmin change with any change to any row,
  // at the cost of a plain scan (hashing the text of a million rows took seconds per case).
  fingerprintSql: (table, where = 'TRUE') =>
    `SELECT count(*) AS n, CAST(sum(CAST(CAST(t.xmin AS text) AS bigint)) AS text) AS h FROM ${quote(table)} t WHERE ${where}`,
};

/** The in-process engine runs once per process, on one folder: every project of a test process gets its own database in it. */
const CLICKHOUSE_DIR = join(tmpdir(), `roundtrip-clickhouse-${process.pid}`);
process.once('exit', () => rmSync(CLICKHOUSE_DIR, { recursive: true, force: true }));

const clickhouse: TestEngine = {
  name: 'clickhouse',
  enforcesKeys: false,
  async provision(projectDir) {
    const database = `rt_${randomBytes(6).toString('hex')}`;
    setWarehouse(projectDir, { type: 'clickhouse', path: CLICKHOUSE_DIR, database });
    return async () => {
      const driver = await ClickhouseDriver.connect({ path: CLICKHOUSE_DIR, database });
      await driver.query(`DROP DATABASE IF EXISTS ${database}`).finally(() => driver.close());
    };
  },
  // Lightweight updates and deletes leave the parts as they are and patch them: hashing every column of the
  // rows as the engine reads them now sees any change.
  fingerprintSql: (table, where = 'TRUE') => `SELECT count() AS n, toString(sum(cityHash64(*))) AS h FROM ${quote(table)} t WHERE ${where}`,
};

const ALL: TestEngine[] = [duckdb, postgres, clickhouse];

/**
 * The engines every behaviour suite runs on. `ROUNDTRIP_TEST_ENGINES=duckdb`
 * narrows a local run; the README's test command runs them all.
 */
const WANTED: TestEngine[] = (() => {
  const wanted = process.env.ROUNDTRIP_TEST_ENGINES?.split(',').map((s) => s.trim());
  if (!wanted) return ALL;
  const unknown = wanted.filter((w) => !ALL.some((e) => e.name === w));
  if (unknown.length) throw new Error(`ROUNDTRIP_TEST_ENGINES names unknown engines: ${unknown.join(', ')}`);
  return ALL.filter((e) => wanted.includes(e.name));
})();

export const ENGINES: TestEngine[] = WANTED;

export function engineNamed(name: EngineName): TestEngine {
  const engine = ALL.find((e) => e.name === name);
  if (!engine) throw new Error(`unknown engine ${name}`);
  return engine;
}
