import { resolve } from 'node:path';
import type { WarehouseDriver } from './driver.js';
import { DuckdbDriver } from './duckdb/duckdb-driver.js';

/** A warehouse connection after config resolution (paths absolute, secrets read). */
export type WarehouseConfig = { type: 'duckdb'; path: string; poolSize?: number };

/** Opens the driver for a resolved config. Drivers never read the environment themselves. */
export async function openWarehouse(config: WarehouseConfig): Promise<WarehouseDriver> {
  switch (config.type) {
    case 'duckdb':
      return DuckdbDriver.connect({ path: config.path === ':memory:' ? config.path : resolve(config.path), poolSize: config.poolSize });
  }
}
