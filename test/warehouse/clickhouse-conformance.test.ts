import { ClickhouseDriver } from '../../src/warehouse/clickhouse/clickhouse-driver.js';
import { expect, it } from 'vitest';
import { runConformance } from '../../src/warehouse/conformance/run-conformance.js';

runConformance({
  name: 'ClickHouse (in process)',
  createDriver: () => ClickhouseDriver.connect({ path: ':memory:', database: 'conformance' }),
  slowQuery: 'SELECT count() FROM numbers(400000000) WHERE number % 7 = 3',
  fixture: {
    createTable: (name) => `CREATE TABLE ${name} (
        id INTEGER NOT NULL, big BIGINT, amount DECIMAL(18,2), ratio DOUBLE PRECISION,
        label VARCHAR(200), flag BOOLEAN, day DATE, happened_at DateTime('UTC'), note VARCHAR NOT NULL DEFAULT '', PRIMARY KEY (id))
        SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1`,
    changeColumnToText: (name, column) => `ALTER TABLE ${name} MODIFY COLUMN ${column} Nullable(String)`,
  },
  skip: [
    {
      cases: ['rollback', 'commit-failure', 'conflict', 'returning', 'writable-ctes'],
      reason: 'ClickHouse has no transactions, no RETURNING and no enforced keys; it declares them missing and core writes to it without them',
    },
    { cases: ['shared-locks'], reason: 'ClickHouse is a warehouse only, never the system store whose locks servers share' },
  ],
});

it('tells which tables ClickHouse cannot update in place, naming the settings to add', async () => {
  const driver = await ClickhouseDriver.connect({ path: ':memory:', database: 'in_place' });
  try {
    await driver.query('CREATE TABLE plain (id INTEGER NOT NULL, PRIMARY KEY (id))');
    await driver.query('CREATE TABLE ready (id INTEGER NOT NULL, PRIMARY KEY (id)) SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1');
    await driver.query('CREATE TABLE memo (id INTEGER NOT NULL) ENGINE = Memory');
    const tables = new Map((await driver.introspect()).tables.filter((t) => t.schema === 'in_place').map((t) => [t.name, t.notWritable]));
    expect(tables.get('ready')).toBeUndefined();
    expect(tables.get('plain')).toMatch(/enable_block_number_column = 1 and enable_block_offset_column = 1/);
    expect(tables.get('memo')).toMatch(/Memory tables are not updated in place/);
  } finally {
    await driver.close();
  }
});
