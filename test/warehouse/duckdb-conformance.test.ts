import { DuckdbDriver } from '../../src/warehouse/duckdb/duckdb-driver.js';
import { runConformance } from '../../src/warehouse/conformance/run-conformance.js';

runConformance({ name: 'DuckDB (in process)', createDriver: () => DuckdbDriver.connect({ path: ':memory:' }) });
