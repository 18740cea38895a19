import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS_TABLE, migrateSystemStore, migrateWarehouse } from '../../src/runtime/migrations/apply-migrations.js';
import { SYSTEM_MIGRATIONS, WAREHOUSE_MIGRATIONS } from '../../src/runtime/migrations/migration-list.js';
import type { WarehouseDriver } from '../../src/warehouse/driver.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The warehouse's own tables (audit schema) and the system store's come from one ordered list each,
// applied at start and recorded in roundtrip_migrations: a second start applies nothing, a store made
// before steps were recorded takes every step without losing a row, and a new step runs exactly once.

describe.each(ENGINES)('migrations on $name', (engine) => {
  let server: TestServer;
  const AUDIT = 'roundtrip_audit';

  beforeAll(async () => {
    server = await startTestServer({ engine, systemStore: engine.name === 'postgres' ? 'postgres' : undefined });
  }, 120_000);
  afterAll(() => server?.close());

  const recorded = async (driver: WarehouseDriver, schema?: string) => {
    const name = schema ? driver.dialect.quoteTable(`${schema}.${MIGRATIONS_TABLE}`) : driver.dialect.quoteIdent(MIGRATIONS_TABLE);
    return (await driver.query(`SELECT id FROM ${name} ORDER BY id`)).rows.map((r) => String(r.id));
  };

  it('records every step of both lists at start, and a second run applies nothing', async () => {
    const { warehouse, system } = server.runtime;
    expect(await recorded(warehouse, AUDIT)).toEqual(WAREHOUSE_MIGRATIONS.map((m) => m.id));
    expect(await recorded(system)).toEqual(SYSTEM_MIGRATIONS.map((m) => m.id));
    expect(await migrateWarehouse(warehouse, AUDIT)).toEqual([]);
    expect(await migrateSystemStore(system)).toEqual([]);
  });

  it('takes a store made before steps were recorded through every step, keeping its rows', async () => {
    const { warehouse, system } = server.runtime;
    const count = async () => Number((await warehouse.query(`SELECT count(*) AS n FROM ${warehouse.dialect.quoteTable(`${AUDIT}.chain_head`)}`)).rows[0]!.n);
    const users = async () => Number((await system.query('SELECT count(*) AS n FROM users')).rows[0]!.n);
    const [heads, people] = [await count(), await users()];
    expect(people).toBeGreaterThan(0);
    await warehouse.query(`DROP TABLE ${warehouse.dialect.quoteTable(`${AUDIT}.${MIGRATIONS_TABLE}`)}`);
    await system.query(`DROP TABLE ${MIGRATIONS_TABLE}`);
    expect(await migrateWarehouse(warehouse, AUDIT)).toEqual(WAREHOUSE_MIGRATIONS.map((m) => m.id));
    expect(await migrateSystemStore(system)).toEqual(SYSTEM_MIGRATIONS.map((m) => m.id));
    expect([await count(), await users()]).toEqual([heads, people]);
  });

  it('runs a new step once, in order after the released ones', async () => {
    const { warehouse } = server.runtime;
    const runs: string[] = [];
    const next = [...WAREHOUSE_MIGRATIONS, { id: '999-probe', up: async () => void runs.push('999-probe') }];
    expect(await applyMigrations(warehouse, next, AUDIT)).toEqual(['999-probe']);
    expect(await applyMigrations(warehouse, next, AUDIT)).toEqual([]);
    expect(runs).toEqual(['999-probe']);
    expect((await recorded(warehouse, AUDIT)).at(-1)).toBe('999-probe');
  });
});
