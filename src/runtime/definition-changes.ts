import type { ResolvedProject } from '../app-model/index.js';
import { recordAdminChange, type AdminChange } from '../governance/identity/admin-changes.js';
import type { WarehouseDriver } from '../warehouse/driver.js';

/** Project sections whose edits change who may do what; users are audited by the identity store. */
const GOVERNED_SECTIONS = ['roles', 'warehouse', 'audit', 'sessions'] as const;

/**
 * Records every changed app definition and governed project section in
 * `admin_changes` (old → new), so "who changed the rule" has an answer in SQL.
 * Connection secrets are never written: the warehouse section is recorded
 * without its password.
 */
export async function recordDefinitionChanges(driver: WarehouseDriver, before: ResolvedProject, after: ResolvedProject, changedBy: string): Promise<number> {
  const changes: AdminChange[] = [];
  const names = new Set([...before.apps.keys(), ...after.apps.keys()]);
  for (const name of names) {
    const old = before.apps.get(name)?.config ?? null;
    const next = after.apps.get(name)?.config ?? null;
    if (JSON.stringify(old) !== JSON.stringify(next)) {
      changes.push({ username: changedBy, kind: 'app', target: name, oldValue: old as Record<string, unknown> | null, newValue: next as Record<string, unknown> | null });
    }
  }
  for (const section of GOVERNED_SECTIONS) {
    const old = withoutSecrets((before.config as Record<string, unknown>)[section]);
    const next = withoutSecrets((after.config as Record<string, unknown>)[section]);
    if (JSON.stringify(old) !== JSON.stringify(next)) changes.push({ username: changedBy, kind: 'project', target: section, oldValue: { [section]: old }, newValue: { [section]: next } });
  }
  for (const change of changes) await recordAdminChange(driver, driver.dialect, after.config.audit.schema, change);
  return changes.length;
}

function withoutSecrets(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value ?? null;
  const { password: _password, ...rest } = value as Record<string, unknown>;
  return rest;
}
