import type { WarehouseDriver } from './driver.js';
import { DuckdbDriver } from './duckdb/duckdb-driver.js';
import { PostgresDriver, type PostgresConfig } from './postgres/postgres-driver.js';

/** A warehouse connection after config resolution (paths absolute, secrets read). */
export type WarehouseConfig = { type: 'duckdb'; path: string; poolSize?: number } | ({ type: 'postgres' } & PostgresConfig);

/** Opens the driver for a resolved config. Drivers never read the environment themselves. */
export async function openWarehouse(config: WarehouseConfig): Promise<WarehouseDriver> {
  switch (config.type) {
    case 'duckdb':
      return DuckdbDriver.connect({ path: config.path, poolSize: config.poolSize });
    case 'postgres':
      return PostgresDriver.connect(config);
  }
}
