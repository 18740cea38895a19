import { join } from 'node:path';
import { z } from 'zod';
import type { ConnectionContext } from '../config-values.js';
import type { DuckdbConfig } from './duckdb-driver.js';

export const duckdbWarehouseSchema = z.strictObject({
  type: z.literal('duckdb').describe('Embedded DuckDB warehouse (the default).'),
  path: z.string().min(1).default('warehouse.duckdb').describe('Database file, relative to the data folder.'),
});

export const duckdbSystemStoreSchema = z.strictObject({
  type: z.literal('duckdb'),
  path: z.string().min(1).default('system.duckdb').describe('Relative to the data folder.'),
});

/** The database file inside the data folder. */
export function resolveDuckdbConnection(config: { path: string }, context: ConnectionContext): DuckdbConfig {
  return { path: join(context.dataDir, config.path) };
}
