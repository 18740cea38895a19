import { join, resolve } from 'node:path';
import { loadProject, resolveProject, type ResolvedProject } from '../app-model/index.js';
import { ensureAuditSchema } from '../governance/audit/index.js';
import { SessionStore } from '../governance/identity/session-store.js';
import { openWarehouse } from '../warehouse/open-warehouse.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { resolveWarehouseIdentity } from '../governance/identity/warehouse-identity.js';
import type { Principal } from '../governance/principal.js';
import { resolveConnection } from './resolve-connection.js';
import { runSeedIfNeeded, type SeedProgress } from './run-seed.js';

export interface ProjectRuntime {
  dir: string;
  dataDir: string;
  warehouse: WarehouseDriver;
  /** The system store (sessions and server state). */
  system: WarehouseDriver;
  sessions: SessionStore;
  /** The database identity a user's statements run under (undefined in service mode). */
  identityFor(principal: Principal): WarehouseIdentity | undefined;
  /** The current definitions; replaced on reload. */
  current(): ResolvedProject;
  /** Re-reads and re-checks every file; keeps the old definitions and throws when the new ones are invalid. */
  reload(): Promise<ResolvedProject>;
  close(): Promise<void>;
}

export interface OpenProjectOptions {
  /** Data folder (warehouse and system store files); default `<dir>/.data`. */
  dataDir?: string;
  onSeedProgress?: SeedProgress;
  sessionIdleMs?: number;
  sessionAbsoluteMs?: number;
}

/** Loads the project, opens its warehouse (seeding a demo on first start) and the system store. */
export async function openProject(dirInput: string, options: OpenProjectOptions = {}): Promise<ProjectRuntime> {
  const dir = resolve(dirInput);
  const dataDir = resolve(options.dataDir ?? join(dir, '.data'));
  const loaded = loadProject(dir);
  const warehouse = await openWarehouse(resolveConnection(loaded.config.warehouse, dataDir));
  let system: WarehouseDriver | undefined;
  try {
    await runSeedIfNeeded(warehouse, dir, loaded.config, options.onSeedProgress);
    await ensureAuditSchema(warehouse, loaded.config.audit.schema);
    let project = resolveProject(loaded, await warehouse.introspect(), warehouse.dialect);
    system = await openWarehouse(resolveConnection(loaded.config.systemStore, dataDir));
    const sessions = await SessionStore.open(system, {
      idleMs: options.sessionIdleMs ?? 8 * 60 * 60 * 1000,
      absoluteMs: options.sessionAbsoluteMs ?? 7 * 24 * 60 * 60 * 1000,
    });
    const systemStore = system;
    return {
      dir,
      dataDir,
      warehouse,
      system: systemStore,
      sessions,
      current: () => project,
      identityFor: (principal) => {
        const { warehouse: config } = project.config;
        return resolveWarehouseIdentity(config.type === 'duckdb' ? undefined : config.identity, principal);
      },
      async reload() {
        const next = loadProject(dir);
        project = resolveProject(next, await warehouse.introspect(), warehouse.dialect);
        return project;
      },
      async close() {
        await warehouse.close();
        await systemStore.close();
      },
    };
  } catch (error) {
    await warehouse.close();
    await system?.close();
    throw error;
  }
}
