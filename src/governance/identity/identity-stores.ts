import type { UserConfig } from '../../app-model/project-schema.js';
import type { TransactionRunner, WarehouseDriver } from '../../warehouse/driver.js';
import { recordAdminChange, type AdminChange } from './admin-changes.js';
import { syncConfigUsers } from './config-users.js';
import type { SessionStore } from './session-store.js';
import type { UserWriter } from './user-store.js';

/** Everything identity operations read and write, wired once per project. */
export interface IdentityStores {
  /** The system store: users, API tokens, failed logins (and sessions, through `sessions`). */
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
  /**
   * Runs `work` in one system-store transaction whose runner is the only way
   * to write `users` (see `UserWriter`). When the transaction has ended, the
   * cached sessions of every user it wrote are dropped, here and on the other
   * servers, so the change applies at their next request.
   */
  changeUsers<T>(work: (tx: UserWriter & TransactionRunner) => Promise<T>): Promise<T>;
}

export interface IdentitySetup {
  system: WarehouseDriver;
  warehouse: WarehouseDriver;
  sessions: SessionStore;
  /** Read at each change: the audit schema of the current project definitions. */
  auditSchema(): string;
  roleNames(): string[];
}

/** The identity stores over the migrated system store and the warehouse's admin_changes. */
export async function openIdentityStores(setup: IdentitySetup): Promise<IdentityStores> {
  return {
    system: setup.system,
    sessions: setup.sessions,
    roleNames: setup.roleNames,
    async audit(change, now) {
      await recordAdminChange(setup.warehouse, setup.warehouse.dialect, setup.auditSchema(), change, now);
    },
    changeUsers: (work) => changeUsers(setup.system, setup.sessions, work),
  };
}

async function changeUsers<T>(system: WarehouseDriver, sessions: SessionStore, work: (tx: UserWriter & TransactionRunner) => Promise<T>): Promise<T> {
  const changed = new Set<string>();
  const result = await system
    .transaction((tx) =>
      work({
        dialect: tx.dialect,
        query: (sql, params) => tx.query(sql, params),
        useServiceIdentity: () => tx.useServiceIdentity(),
        userChanged: (username) => changed.add(username),
      }),
    )
    .catch(async (error: unknown) => {
      // A COMMIT that failed on a lost connection may still have committed: forget anyway.
      await sessions.forgetUsers(changed).catch(() => undefined);
      throw error;
    });
  // Only after the commit: forgetting earlier would let a concurrent request cache the old row again.
  await sessions.forgetUsers(changed);
  return result;
}

/** Copies roundtrip.yaml's users into the store and ends the sessions of users whose password or existence changed. */
export async function applyConfigUsers(stores: IdentityStores, users: readonly UserConfig[]): Promise<void> {
  const { endedUsers } = await stores.changeUsers((tx) => syncConfigUsers(tx, users));
  for (const username of endedUsers) await stores.sessions.deleteForUser(username);
}
