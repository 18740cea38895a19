import { join } from 'node:path';
import { z } from 'zod';
import type { ConnectionContext } from '../config-values.js';
import type { DuckdbConfig } from './duckdb-driver.js';

const threads = z.number().int().min(1).max(1024);

export const duckdbWarehouseSchema = z.strictObject({
  type: z.literal('duckdb').describe('Embedded DuckDB warehouse (the default).'),
  path: z.string().min(1).default('warehouse.duckdb').describe('Database file, relative to the data folder.'),
  threads: threads
    .optional()
    .describe(
      "DuckDB's worker threads (default: DuckDB's own, one per core). Fewer leave cores to the server's own work (requests, live push) and spare small statements the hand-over between threads; more make large scans faster.",
    ),
});

export const duckdbSystemStoreSchema = z.strictObject({
  type: z.literal('duckdb'),
  path: z.string().min(1).default('system.duckdb').describe('Relative to the data folder.'),
  threads: threads.default(1).describe("DuckDB's worker threads; the system store's statements are small, so one is enough."),
});

/** The database file inside the data folder, and its threads. */
export function resolveDuckdbConnection(config: { path: string; threads?: number }, context: ConnectionContext): DuckdbConfig {
  return { path: join(context.dataDir, config.path), threads: config.threads };
}
