import type { WarehouseDriver } from '../../warehouse/driver.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import type { Migration } from './migration.js';
import { SYSTEM_MIGRATIONS, WAREHOUSE_MIGRATIONS } from './migration-list.js';

/** The record of applied steps, one per store (in the audit schema for the warehouse). */
export const MIGRATIONS_TABLE = 'roundtrip_migrations';

const migrationsTable = (schema?: string): TableSpec => ({
  ...(schema ? { schema } : {}),
  name: MIGRATIONS_TABLE,
  columns: [column.text('id', true), column.bigint('applied_at', true)],
  primaryKey: ['id'],
});

/**
 * Applies the steps of `list` not yet recorded in the store, in order, and
 * records each. Returns the ids applied. Servers starting together may both
 * run a step: every step leaves existing objects as they are, and the record
 * is written only when missing.
 */
export async function applyMigrations(driver: WarehouseDriver, list: readonly Migration[], schema?: string, now = Date.now): Promise<string[]> {
  const { dialect } = driver;
  if (schema) await driver.query(dialect.createSchema(schema));
  const spec = migrationsTable(schema);
  for (const statement of dialect.createTable(spec)) await driver.query(statement);
  const name = schema ? dialect.quoteTable(`${schema}.${MIGRATIONS_TABLE}`) : dialect.quoteIdent(MIGRATIONS_TABLE);
  const { rows } = await driver.query(`SELECT id FROM ${name}`);
  const done = new Set(rows.map((r) => String(r.id)));
  const applied: string[] = [];
  for (const migration of list) {
    if (done.has(migration.id)) continue;
    await migration.up({ driver, schema });
    await driver.query(
      `INSERT INTO ${name} (id, applied_at) SELECT ${dialect.placeholder(1)}, ${dialect.castParam(dialect.placeholder(2), dialect.parseType('BIGINT'))} WHERE NOT EXISTS (SELECT 1 FROM ${name} WHERE id = ${dialect.placeholder(3)})`,
      [migration.id, String(now()), migration.id],
    );
    applied.push(migration.id);
  }
  return applied;
}

/** The warehouse's own tables in the audit schema, up to date. */
export const migrateWarehouse = (driver: WarehouseDriver, auditSchema: string) => applyMigrations(driver, WAREHOUSE_MIGRATIONS, auditSchema);

/** The system store's tables, up to date. */
export const migrateSystemStore = (driver: WarehouseDriver) => applyMigrations(driver, SYSTEM_MIGRATIONS);
