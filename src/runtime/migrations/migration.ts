import type { WarehouseDriver } from '../../warehouse/driver.js';

/** Where a migration applies: the warehouse (tables in the audit schema) or the system store. */
export type MigrationStore = 'warehouse' | 'system';

export interface MigrationContext {
  driver: WarehouseDriver;
  /** The audit schema (warehouse migrations); the system store uses its default schema. */
  schema?: string;
}

/**
 * One step of a store's schema, applied once and recorded in the store's
 * `roundtrip_migrations` table. Its DDL comes from the dialect (table specs),
 * never written for one engine. A step must leave an existing object as it
 * is (stores created before migrations were recorded run every step once).
 */
export interface Migration {
  /** Stable and ordered: `NNN-what`, never renamed once released. */
  id: string;
  up(context: MigrationContext): Promise<void>;
}
