import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../open-warehouse.js';
import { resolveConnection } from '../../runtime/resolve-connection.js';
import { systemStoreSchema, warehouseSchema } from '../engines.js';
import { DuckdbDriver } from './duckdb-driver.js';

const root = mkdtempSync(join(tmpdir(), 'roundtrip-duckdb-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function threadsOf(config: unknown, kind: 'warehouse' | 'system'): Promise<string> {
  const parsed = (kind === 'warehouse' ? warehouseSchema : systemStoreSchema).parse(config);
  const driver = await openWarehouse(resolveConnection(parsed, { dataDir: root, projectDir: root }, {}));
  try {
    const { rows } = await driver.query("SELECT current_setting('threads') AS threads");
    return String(rows[0]!.threads);
  } finally {
    await driver.close();
  }
}

describe('DuckDB threads', () => {
  it("are what the warehouse block sets, or DuckDB's own default", async () => {
    const plain = await DuckdbDriver.connect({ path: ':memory:' });
    const duckdbDefault = String((await plain.query("SELECT current_setting('threads') AS threads")).rows[0]!.threads);
    await plain.close();
    expect(await threadsOf({ type: 'duckdb', path: 'a.duckdb', threads: 3 }, 'warehouse')).toBe('3');
    expect(await threadsOf({ type: 'duckdb', path: 'b.duckdb' }, 'warehouse')).toBe(duckdbDefault);
  });

  it('are one in the embedded system store unless set', async () => {
    expect(await threadsOf({ type: 'duckdb' }, 'system')).toBe('1');
    expect(await threadsOf({ type: 'duckdb', threads: 2 }, 'system')).toBe('2');
  });

  it('refuse a count that is not a positive whole number', () => {
    for (const threads of [0, -1, 1.5, '2']) {
      expect(warehouseSchema.safeParse({ type: 'duckdb', threads }).success, String(threads)).toBe(false);
    }
  });
});
