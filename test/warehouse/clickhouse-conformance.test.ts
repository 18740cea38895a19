import { ClickhouseDriver } from '../../src/warehouse/clickhouse/clickhouse-driver.js';
import { runConformance } from '../../src/warehouse/conformance/run-conformance.js';

runConformance({
  name: 'ClickHouse (in process)',
  createDriver: () => ClickhouseDriver.connect({ path: ':memory:', database: 'conformance' }),
  slowQuery: 'SELECT count() FROM numbers(400000000) WHERE number % 7 = 3',
  fixture: {
    createTable: (name) => `CREATE TABLE ${name} (
        id INTEGER NOT NULL, big BIGINT, amount DECIMAL(18,2), ratio DOUBLE PRECISION,
        label VARCHAR(200), flag BOOLEAN, day DATE, happened_at DateTime('UTC'), note VARCHAR NOT NULL DEFAULT '', PRIMARY KEY (id))`,
    changeColumnToText: (name, column) => `ALTER TABLE ${name} MODIFY COLUMN ${column} Nullable(String)`,
  },
  skip: [
    {
      cases: ['rollback', 'commit-failure', 'conflict', 'returning', 'writable-ctes'],
      reason: 'ClickHouse has no transactions, no RETURNING and no enforced keys; it declares them missing and core writes to it without them',
    },
  ],
});
