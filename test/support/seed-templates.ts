import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { parse } from 'yaml';
import { loadProject } from '../../src/app-model/index.js';
import { runSeedIfNeeded } from '../../src/runtime/run-seed.js';
import { DuckdbDriver } from '../../src/warehouse/duckdb/duckdb-driver.js';
import type { WarehouseDriver } from '../../src/warehouse/driver.js';
import { PostgresDriver } from '../../src/warehouse/postgres/postgres-driver.js';
import { memo } from './memo.js';

/*
 * Seeded warehouses made once per test run. The first server that starts a
 * project on an engine seeds a template with the project's own seed scripts
 * (the same code a first start runs); every later server of that project starts
 * from a copy, which its start then finds seeded. The demo's seed writes 1.25M
 * journal lines: seconds per start, where a copy takes a fraction of one. The
 * key is the text of the seed scripts for that engine, so an edited script or
 * a fixture of its own gets a template of its own.
 */

type SeedEngine = 'duckdb' | 'postgres';

/** The key of a project's seed on `engine` (its blocks, script names and their text); undefined without a seed. */
export function seedKey(projectDir: string, engine: SeedEngine): string | undefined {
  const config = parse(readFileSync(join(projectDir, 'roundtrip.yaml'), 'utf8')) as { seed?: unknown } | null;
  if (!config?.seed) return undefined;
  const blocks = (Array.isArray(config.seed) ? config.seed : [config.seed]) as { whenMissing?: string; scripts?: unknown }[];
  const hash = createHash('sha256').update(engine);
  for (const block of blocks) {
    const scripts = Array.isArray(block.scripts) ? block.scripts : (block.scripts as Record<string, unknown> | undefined)?.[engine];
    // No scripts for this engine: the project's start reports it, as it would without a template.
    if (!Array.isArray(scripts)) return undefined;
    hash.update(`\0block\0${block.whenMissing}`);
    for (const script of scripts) hash.update(`\0${script}\0`).update(readFileSync(join(projectDir, String(script))));
  }
  return hash.digest('hex').slice(0, 20);
}

/** Runs the project's seed on a fresh warehouse, as a first start does. */
async function seedInto(driver: WarehouseDriver, projectDir: string): Promise<void> {
  try {
    await runSeedIfNeeded(driver, projectDir, loadProject(projectDir).config);
  } finally {
    await driver.close();
  }
}

/** One build per key per process; builds in other processes race harmlessly (the last rename wins, the content is the same). */
const templates = new Map<string, Promise<string>>();

/**
 * Puts a seeded copy of the project's DuckDB warehouse at `file` (a project on
 * DuckDB that has a seed); does nothing otherwise.
 */
export async function placeSeededDuckdb(projectDir: string, file: string): Promise<void> {
  const key = seedKey(projectDir, 'duckdb');
  if (!key) return;
  const template = await memo(templates, `duckdb:${key}`, async () => {
    const target = join(inject('seedTemplates'), `${key}.duckdb`);
    if (existsSync(target)) return target;
    const scratch = `${target}.${randomBytes(4).toString('hex')}`;
    await seedInto(await DuckdbDriver.connect({ path: scratch }), projectDir);
    rmSync(`${scratch}.wal`, { force: true });
    renameSync(scratch, target);
    return target;
  });
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(template, file);
}

/**
 * The name of a seeded PostgreSQL database to create the project's warehouse
 * from (`CREATE DATABASE … TEMPLATE`); undefined for a project without a seed.
 */
export async function seededPostgresTemplate(projectDir: string): Promise<string | undefined> {
  const key = seedKey(projectDir, 'postgres');
  if (!key) return undefined;
  return memo(templates, `postgres:${key}`, async () => {
    const { host, port, user } = inject('postgres');
    const name = `rt_seed_${key}`;
    const root = new pg.Client({ host, port, user, database: 'postgres' });
    await root.connect();
    try {
      const { rowCount } = await root.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) return name;
      const scratch = `rt_seeding_${randomBytes(5).toString('hex')}`;
      await root.query(`CREATE DATABASE ${scratch}`);
      await seedInto(await PostgresDriver.connect({ host, port, user, database: scratch }), projectDir);
      // No connections to a template: a copy is refused while anyone is connected to its source.
      await root.query(`ALTER DATABASE ${scratch} WITH ALLOW_CONNECTIONS false`);
      await root.query(`ALTER DATABASE ${scratch} RENAME TO ${name}`).catch(async (error: { code?: string }) => {
        // Another test process built it first.
        if (error.code !== '42P04') throw error;
        await root.query(`DROP DATABASE ${scratch}`);
      });
      return name;
    } finally {
      await root.end();
    }
  });
}
