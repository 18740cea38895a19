import type { UserConfig } from '../../app-model/project-schema.js';
import type { WarehouseDriver } from '../../warehouse/driver.js';
import { ensureAdminChangesTable, recordAdminChange, type AdminChange } from './admin-changes.js';
import { syncConfigUsers } from './config-users.js';
import type { SessionStore } from './session-store.js';
import { ensureTokensTable } from './token-store.js';
import { ensureUsersTable } from './user-store.js';

/** Everything identity operations read and write, wired once per project. */
export interface IdentityStores {
  /** The system store: users, API tokens (and sessions, through `sessions`). */
  system: WarehouseDriver;
  sessions: SessionStore;
  /**
   * Appends a change to `admin_changes` in the warehouse's audit schema.
   * Callers run it inside the system-store transaction of the change, so a
   * change whose audit row cannot be written is rolled back.
   */
  audit(change: AdminChange, now?: number): Promise<void>;
  /** The role names the project declares now (users may only hold these). */
  roleNames(): string[];
}

export interface IdentitySetup {
  system: WarehouseDriver;
  warehouse: WarehouseDriver;
  sessions: SessionStore;
  /** Read at each change: the audit schema of the current project definitions. */
  auditSchema(): string;
  roleNames(): string[];
}

/** Creates the identity tables when missing and returns the stores. */
export async function openIdentityStores(setup: IdentitySetup): Promise<IdentityStores> {
  await ensureUsersTable(setup.system);
  await ensureTokensTable(setup.system);
  await ensureAdminChangesTable(setup.warehouse, setup.auditSchema());
  return {
    system: setup.system,
    sessions: setup.sessions,
    roleNames: setup.roleNames,
    async audit(change, now) {
      await recordAdminChange(setup.warehouse, setup.warehouse.dialect, setup.auditSchema(), change, now);
    },
  };
}

/** Copies roundtrip.yaml's users into the store and ends the sessions of users whose password or existence changed. */
export async function applyConfigUsers(stores: IdentityStores, users: readonly UserConfig[]): Promise<void> {
  const { endedUsers } = await syncConfigUsers(stores.system, users);
  for (const username of endedUsers) await stores.sessions.deleteForUser(username);
}
