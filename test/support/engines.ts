import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickhouseDriver } from '../../src/warehouse/clickhouse/clickhouse-driver.js';
import { parseDocument } from 'yaml';
import { createTestDatabase } from './postgres-database.js';
import { seededPostgresTemplate } from './seed-templates.js';
import { postgresChangeCount } from './postgres-change-count.js';
import type { DriverCapabilities, WarehouseDriver } from '../../src/warehouse/driver.js';
import { LIVE_ENGINE_NAMES, type LiveEngineName, provisionLive } from './live-engines.js';

export type EngineName = 'duckdb' | 'postgres' | 'clickhouse' | LiveEngineName;

/**
 * A warehouse engine that runs on this machine. Behaviour suites loop over
 * `ENGINES` (`describe.each(ENGINES)`), so an engine joins every suite by
 * adding one entry here.
 */
export interface TestEngine {
  name: EngineName;
  /**
   * Points the project in `projectDir` at a fresh warehouse of this engine:
   * empty, or seeded from the run's template of the project (its seed scripts
   * fill it on first start otherwise). Resolves to the cleanup.
   */
  provision(projectDir: string): Promise<() => Promise<void>>;
  /** The engine enforces PRIMARY KEY and UNIQUE constraints (`capabilities.enforcesKeys`). */
  enforcesKeys: boolean;
  /** Several servers can write one warehouse of this engine (an embedded DuckDB file is opened by one process). */
  sharedByServers: boolean;
  /** A query returning `n` and `h` for `table` (rows matching `where`, SQL of the test's own): any change to any row changes `h`. */
  fingerprintSql(table: string, where?: string): string;
  /** A cheaper fingerprint of a whole table, where the engine has one (else `fingerprintSql` is read). */
  fingerprint?(warehouse: WarehouseDriver, table: string): Promise<string>;
  /** How suites name it (default: `name`). */
  label: string;
  /**
   * Capabilities the driver declares missing on top of its own (see
   * `STRATEGY_ENGINES`): the write strategy follows declared capabilities,
   * so a real engine declaring less runs the strategy of engines that lack them.
   */
  declares?: Partial<DriverCapabilities>;
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
  label: 'duckdb',
  enforcesKeys: true,
  sharedByServers: false,
  async provision(projectDir) {
    setWarehouse(projectDir, { type: 'duckdb', path: 'warehouse.duckdb' });
    return async () => undefined;
  },
  fingerprintSql: (table, where = 'TRUE') => `SELECT count(*) AS n, CAST(sum(hash(t)) AS VARCHAR) AS h FROM ${quote(table)} t WHERE ${where}`,
};

const postgres: TestEngine = {
  name: 'postgres',
  label: 'postgres',
  enforcesKeys: true,
  sharedByServers: true,
  async provision(projectDir) {
    const db = await createTestDatabase({ template: await seededPostgresTemplate(projectDir) });
    setWarehouse(projectDir, { type: 'postgres', host: db.host, port: db.port, database: db.database, user: db.user });
    return () => db.drop();
  },
  // Every committed insert or update leaves a row version whose xmin is a newer transaction id than any it
  // replaces, and a delete lowers the count: so count and the sum of xmin change with any change to any row,
  // at the cost of a plain scan (hashing the text of a million rows took seconds per case).
  fingerprintSql: (table, where = 'TRUE') =>
    `SELECT count(*) AS n, CAST(sum(CAST(CAST(t.xmin AS text) AS bigint)) AS text) AS h FROM ${quote(table)} t WHERE ${where}`,
  fingerprint: postgresChangeCount,
};

/** The in-process engine runs once per process, on one folder: every project of a test process gets its own database in it. */
const CLICKHOUSE_DIR = join(tmpdir(), `roundtrip-clickhouse-${process.pid}`);
process.once('exit', () => rmSync(CLICKHOUSE_DIR, { recursive: true, force: true }));

let liveClickhouseProjects = 0;
/** The drop of a quiet engine's databases, awaited by every project provisioned while it runs. */
let quietEngineDrop: Promise<void> = Promise.resolve();

/** Drops every database of the process's engine but its own (system, information schema, default). */
async function dropClickhouseDatabases(): Promise<void> {
  const driver = await ClickhouseDriver.connect({ path: CLICKHOUSE_DIR, database: 'default' });
  try {
    const { rows } = await driver.query(
      "SELECT name FROM system.databases WHERE name NOT IN ('system', 'information_schema', 'INFORMATION_SCHEMA', 'default')",
    );
    for (const { name } of rows) await driver.query(`DROP DATABASE IF EXISTS ${quote(String(name))} SYNC`);
  } finally {
    await driver.close();
  }
}

const clickhouse: TestEngine = {
  name: 'clickhouse',
  label: 'clickhouse',
  enforcesKeys: false,
  sharedByServers: true,
  async provision(projectDir) {
    // A test process runs many files one after another: the first project of a quiet engine starts from an
    // empty one. Audit, approval and comment tables live in databases named by the project's audit schema,
    // shared by every project of the engine (as on any ClickHouse server): projects that run at the same
    // time in one file share them, as they always did.
    // Counted before the drop is awaited: two projects provisioned at once (Promise.all) share one drop,
    // and the second never drops the database the first has just been given.
    if (liveClickhouseProjects++ === 0) quietEngineDrop = dropClickhouseDatabases();
    await quietEngineDrop;
    const database = `rt_${randomBytes(6).toString('hex')}`;
    setWarehouse(projectDir, { type: 'clickhouse', path: CLICKHOUSE_DIR, database });
    return async () => {
      liveClickhouseProjects -= 1;
      const driver = await ClickhouseDriver.connect({ path: CLICKHOUSE_DIR, database });
      await driver.query(`DROP DATABASE IF EXISTS ${database}`).finally(() => driver.close());
    };
  },
  // Lightweight updates and deletes leave the parts as they are and patch them: hashing every column of the
  // rows as the engine reads them now sees any change.
  fingerprintSql: (table, where = 'TRUE') => `SELECT count() AS n, toString(sum(cityHash64(*))) AS h FROM ${quote(table)} t WHERE ${where}`,
};

const ALL: TestEngine[] = [duckdb, postgres, clickhouse];

/** A fingerprint query per live engine: its own hash of whole rows. */
const LIVE_FINGERPRINTS: Record<LiveEngineName, (table: string, where: string) => string> = {
  snowflake: (table, where) => `SELECT count(*) AS n, CAST(HASH_AGG(*) AS VARCHAR) AS h FROM ${quote(table)} t WHERE ${where}`,
  bigquery: (table, where) => `SELECT count(*) AS n, CAST(BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(t))) AS STRING) AS h FROM \`${table}\` t WHERE ${where}`,
  databricks: (table, where) => `SELECT count(*) AS n, CAST(sum(xxhash64(*)) AS STRING) AS h FROM \`${table}\` t WHERE ${where}`,
  sqlserver: (table, where) => `SELECT count(*) AS n, CAST(CHECKSUM_AGG(CHECKSUM(*)) AS NVARCHAR(40)) AS h FROM [${table}] t WHERE ${where}`,
};

/**
 * The cloud engines, run only when named (`npm run test:live -- --engine
 * snowflake` sets ROUNDTRIP_TEST_ENGINES): each project gets a fresh schema
 * of the account given by `ROUNDTRIP_<ENGINE>_*` (test/support/live-engines.ts).
 */
const LIVE: TestEngine[] = LIVE_ENGINE_NAMES.map((name) => ({
  name,
  label: `${name} (live)`,
  enforcesKeys: name === 'sqlserver',
  sharedByServers: true,
  provision: (projectDir) => provisionLive(name, projectDir),
  fingerprintSql: (table, where = name === 'sqlserver' ? '1 = 1' : 'TRUE') => LIVE_FINGERPRINTS[name](table, where),
}));

/**
 * The engines every behaviour suite runs on. `ROUNDTRIP_TEST_ENGINES=duckdb`
 * narrows a local run; the README's test command runs the engines that run
 * here (live ones only when named).
 */
const WANTED: TestEngine[] = (() => {
  const wanted = process.env.ROUNDTRIP_TEST_ENGINES?.split(',').map((s) => s.trim());
  if (!wanted) return ALL;
  const known = [...ALL, ...LIVE];
  const unknown = wanted.filter((w) => !known.some((e) => e.name === w));
  if (unknown.length) throw new Error(`ROUNDTRIP_TEST_ENGINES names unknown engines: ${unknown.join(', ')}`);
  return known.filter((e) => wanted.includes(e.name));
})();

export const ENGINES: TestEngine[] = WANTED;

/**
 * DuckDB declaring no `RETURNING` (and so no writable CTEs): the strategy of
 * engines with transactions whose statements cannot return the rows they
 * changed (check, then apply by key, in a transaction under the table's
 * write lock), as Snowflake, BigQuery and Databricks need it.
 */
const duckdbWithoutReturning: TestEngine = {
  ...duckdb,
  label: 'duckdb declaring no RETURNING',
  declares: { supportsReturning: false, writableCtes: false },
};

/** The engines, and capability variants of them, that the write-strategy suites run on. */
export const STRATEGY_ENGINES: TestEngine[] = WANTED.includes(duckdb) ? [...WANTED, duckdbWithoutReturning] : WANTED;

export function engineNamed(name: EngineName): TestEngine {
  const engine = [...ALL, ...LIVE].find((e) => e.name === name);
  if (!engine) throw new Error(`unknown engine ${name}`);
  return engine;
}
