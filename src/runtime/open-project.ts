import { join, resolve } from 'node:path';
import { ACTIVITY_APP, activityTableNames, buildActivityApp } from '../activity/activity-app.js';
import { builtInApp, configError, loadProject, resolveProject, type LoadedProject, type ResolvedProject } from '../app-model/index.js';
import { checkExportTemplates } from '../exports/check-templates.js';
import { AuditSealer } from '../governance/audit/index.js';
import { applyConfigUsers, openIdentityStores, type IdentityStores } from '../governance/identity/identity-stores.js';
import { createOidcClient, type OidcClient } from '../governance/identity/oidc-client.js';
import { SessionStore } from '../governance/identity/session-store.js';
import { SessionTokens } from '../governance/identity/session-tokens.js';
import { identitySettingsOf, openWarehouse } from '../warehouse/engines.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { resolveWarehouseIdentity } from '../governance/identity/warehouse-identity.js';
import type { Principal } from '../governance/principal.js';
import { resolveConnection } from './resolve-connection.js';
import { resolveOidcSettings } from './resolve-oidc.js';
import { recordDefinitionChanges } from './definition-changes.js';
import { migrateSystemStore, migrateWarehouse } from './migrations/apply-migrations.js';
import { runSeedIfNeeded, type SeedProgress } from './run-seed.js';
import { diagnosticMessage } from '../warehouse/driver-errors.js';
import { recoverInterruptedWrites, useSystemStore } from '../writeback/table-write-lock.js';
import { shareReadGates, tableWord } from '../writeback/read-gate.js';

/** Who `admin_changes` names for definitions edited in the files rather than in the UI. */
export const FILE_EDITOR = '(project files)';

export interface ProjectRuntime {
  dir: string;
  dataDir: string;
  warehouse: WarehouseDriver;
  /** The system store (sessions and server state). */
  system: WarehouseDriver;
  sessions: SessionStore;
  /** Users, API tokens and the admin-change audit. */
  identity: IdentityStores;
  /** Links committed changesets into the audit hash chain (call `schedule()` after a commit, `flush()` to seal all now). */
  sealer: AuditSealer;
  /** Single sign-on with the provider of identity.oidc; undefined when not configured. Replaced on reload. */
  oidc(): OidcClient | undefined;
  /** The database identity a user's statements run under (undefined in service mode). */
  identityFor(principal: Principal): WarehouseIdentity | undefined;
  /** Single sign-on sessions' OAuth tokens, for a warehouse whose statements run with them (`usesUserTokens`). */
  sessionTokens: SessionTokens;
  /** Whether the warehouse runs every statement with the user's own OAuth token (identity mode user-token). */
  usesUserTokens(): boolean;
  /** The current definitions; replaced on reload. */
  current(): ResolvedProject;
  /**
   * Re-reads and re-checks every file; keeps the old definitions and throws
   * when the new ones are invalid. Changed definitions are audited as made by
   * `changedBy` (default: edits of the files themselves).
   */
  reload(changedBy?: string): Promise<ResolvedProject>;
  close(): Promise<void>;
}

export interface OpenProjectOptions {
  /** Data folder (warehouse and system store files); default `<dir>/.data`. */
  dataDir?: string;
  onSeedProgress?: SeedProgress;
  /** Overrides `sessions.idleMinutes` of roundtrip.yaml. */
  sessionIdleMs?: number;
  /** Overrides `sessions.absoluteHours` of roundtrip.yaml. */
  sessionAbsoluteMs?: number;
}

/** Loads the project, opens its warehouse (seeding a demo on first start) and the system store. */
export async function openProject(dirInput: string, options: OpenProjectOptions = {}): Promise<ProjectRuntime> {
  const dir = resolve(dirInput);
  const dataDir = resolve(options.dataDir ?? join(dir, '.data'));
  const loaded = loadWithBuiltIns(dir);
  await assertTemplates(loaded);
  const warehouse = await openWarehouse(resolveConnection(loaded.config.warehouse, { dataDir, projectDir: dir }));
  let system: WarehouseDriver | undefined;
  let sessions: SessionStore | undefined;
  let sealer: AuditSealer | undefined;
  try {
    await runSeedIfNeeded(warehouse, dir, loaded.config, options.onSeedProgress);
    await migrateWarehouse(warehouse, loaded.config.audit.schema);
    let project = resolveProject(loaded, await warehouse.introspect(), warehouse.dialect);
    const auditSealer = new AuditSealer(warehouse, () => project.config.audit.schema, {
      onError: (error) => process.emitWarning(`sealing the audit chain failed (retried at the next commit): ${diagnosticMessage(error)}`),
    });
    sealer = auditSealer;
    system = await openWarehouse(resolveConnection(loaded.config.systemStore, { dataDir, projectDir: dir }));
    await migrateSystemStore(system);
    useSystemStore(warehouse, system);
    if (system.locks) shareReadGates(warehouse, system.locks, () => writableTableWords(project));
    // Writes a dead process left half-applied (engines without transactions) are taken back before anyone reads.
    await recoverInterruptedWrites(warehouse).catch((error) =>
      process.emitWarning(`taking back interrupted writes failed (retried at the next write of the table): ${diagnosticMessage(error)}`),
    );
    sessions = await SessionStore.open(system, {
      idleMs: options.sessionIdleMs ?? loaded.config.sessions.idleMinutes * 60 * 1000,
      absoluteMs: options.sessionAbsoluteMs ?? loaded.config.sessions.absoluteHours * 60 * 60 * 1000,
    });
    const identity = await openIdentityStores({
      system,
      warehouse,
      sessions,
      auditSchema: () => project.config.audit.schema,
      roleNames: () => Object.keys(project.config.roles),
    });
    await applyConfigUsers(identity, loaded.config.users);
    let oidc = await openOidc(system, project, undefined);
    const systemStore = system;
    const sessionStore = sessions;
    const sessionTokens = new SessionTokens(system, sessions, () => oidc?.refresh);
    let reloading: Promise<unknown> = Promise.resolve();
    return {
      dir,
      dataDir,
      warehouse,
      system: systemStore,
      sessions: sessionStore,
      identity,
      sealer: auditSealer,
      current: () => project,
      oidc: () => oidc,
      identityFor: (principal) => {
        const { warehouse: config } = project.config;
        return resolveWarehouseIdentity(identitySettingsOf(config), principal);
      },
      sessionTokens,
      usesUserTokens: () => identitySettingsOf(project.config.warehouse)?.mode === 'user-token',
      reload(changedBy = FILE_EDITOR) {
        // One reload at a time: a save from the rules editor reloads at once and the file watcher
        // again moments later; in turn, the second finds nothing changed and audits nothing.
        const run = reloading.then(async () => {
          const nextLoaded = loadWithBuiltIns(dir);
          await assertTemplates(nextLoaded);
          const next = resolveProject(nextLoaded, await warehouse.introspect(), warehouse.dialect);
          const nextOidc = await openOidc(systemStore, next, oidc);
          const previous = project;
          project = next;
          oidc = nextOidc;
          await applyConfigUsers(identity, project.config.users);
          await recordDefinitionChanges(warehouse, previous, next, changedBy);
          return project;
        });
        reloading = run.catch(() => undefined);
        return run;
      },
      async close() {
        await sessionStore.close();
        await auditSealer.close();
        await warehouse.close();
        await systemStore.close();
      },
    };
  } catch (error) {
    await sessions?.close();
    await sealer?.close();
    await warehouse.close();
    await system?.close();
    throw error;
  }
}

/**
 * The single sign-on client of identity.oidc, or undefined. An unchanged
 * configuration keeps the current client (and the provider metadata it read).
 */
async function openOidc(system: WarehouseDriver, project: ResolvedProject, current: OidcClient | undefined): Promise<OidcClient | undefined> {
  const config = project.config.identity?.oidc;
  if (!config) return undefined;
  const settings = resolveOidcSettings(config, Object.keys(project.config.roles));
  if (current && JSON.stringify(current.settings) === JSON.stringify(settings)) return current;
  return createOidcClient(settings);
}

/** Every export template has what its fills target; else the load fails like any config error. */
async function assertTemplates(loaded: LoadedProject): Promise<void> {
  const issues = await checkExportTemplates(loaded);
  if (issues.length) throw configError(issues, 'CFG_INVALID');
}

const tableWords = new WeakMap<ResolvedProject, ReadonlySet<string>>();

/** The read-gate words of every writable table of the project's apps. */
function writableTableWords(project: ResolvedProject): ReadonlySet<string> {
  let words = tableWords.get(project);
  if (!words) {
    words = new Set([...project.apps.values()].flatMap((app) => [...app.tables.values()].map((table) => tableWord(table.qualifiedName))));
    tableWords.set(project, words);
  }
  return words;
}

/** The project's own apps plus the built-in ones (a project app of the same name wins). */
function loadWithBuiltIns(dir: string): LoadedProject {
  const loaded = loadProject(dir);
  if (!loaded.apps.has(ACTIVITY_APP))
    loaded.apps.set(ACTIVITY_APP, builtInApp(ACTIVITY_APP, buildActivityApp(loaded.config, activityTableNames(loaded.apps.values()))));
  return loaded;
}
