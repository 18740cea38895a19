import { DuckdbDriver } from '../../src/warehouse/duckdb/duckdb-driver.js';
import { runConformance } from '../../src/warehouse/conformance/run-conformance.js';

runConformance({ name: 'DuckDB (in process)', createDriver: () => DuckdbDriver.connect({ path: ':memory:' }),
  slowQuery: 'SELECT count(*) FROM range(0, 2000000000) a(i) WHERE i % 7 = 3',
});
