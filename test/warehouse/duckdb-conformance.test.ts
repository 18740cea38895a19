import { DuckdbDriver } from '../../src/warehouse/duckdb/duckdb-driver.js';
import { runConformance } from '../../src/warehouse/conformance/run-conformance.js';
import { expect, it } from 'vitest';

runConformance({
  name: 'DuckDB (in process)',
  createDriver: () => DuckdbDriver.connect({ path: ':memory:' }),
  slowQuery: 'SELECT count(*) FROM range(0, 2000000000) a(i) WHERE i % 7 = 3',
  skip: [
    { cases: ['writable-ctes'], reason: 'DuckDB has no data-modifying WITH; it declares capabilities.writableCtes false and writes in transactions' },
    { cases: ['shared-locks'], reason: 'one process opens a DuckDB file: a DuckDB system store has no other server to share locks with' },
  ],
});

it('DuckDB declares what the skipped conformance case needs as missing', async () => {
  const driver = await DuckdbDriver.connect({ path: ':memory:' });
  try {
    expect(driver.capabilities.writableCtes).toBe(false);
    expect('locks' in driver).toBe(false);
  } finally {
    await driver.close();
  }
});
