import type { ResolvedProject } from '../app-model/index.js';
import { recordAdminChange, type AdminChange } from '../governance/identity/admin-changes.js';
import type { WarehouseDriver } from '../warehouse/driver.js';

/** Project sections whose edits change who may do what; users are audited by the identity store. */
const GOVERNED_SECTIONS = ['roles', 'warehouse', 'identity', 'audit', 'sessions'] as const;
const SECRET_KEYS = new Set(['password', 'clientSecret']);

/**
 * Records every changed app definition and governed project section in
 * `admin_changes` (old → new), so "who changed the rule" has an answer in SQL.
 * Secrets are never written: passwords and client secrets are left out.
 */
export async function recordDefinitionChanges(driver: WarehouseDriver, before: ResolvedProject, after: ResolvedProject, changedBy: string): Promise<number> {
  const changes: AdminChange[] = [];
  const names = new Set([...before.apps.keys(), ...after.apps.keys()]);
  for (const name of names) {
    const old = before.apps.get(name)?.config ?? null;
    const next = after.apps.get(name)?.config ?? null;
    if (JSON.stringify(old) !== JSON.stringify(next)) {
      changes.push({
        username: changedBy,
        kind: 'app',
        target: name,
        oldValue: old as Record<string, unknown> | null,
        newValue: next as Record<string, unknown> | null,
      });
    }
  }
  for (const section of GOVERNED_SECTIONS) {
    const old = withoutSecrets((before.config as Record<string, unknown>)[section]);
    const next = withoutSecrets((after.config as Record<string, unknown>)[section]);
    if (JSON.stringify(old) !== JSON.stringify(next))
      changes.push({ username: changedBy, kind: 'project', target: section, oldValue: { [section]: old }, newValue: { [section]: next } });
  }
  for (const change of changes) await recordAdminChange(driver, driver.dialect, after.config.audit.schema, change);
  return changes.length;
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!value || typeof value !== 'object') return value ?? null;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_KEYS.has(key))
      .map(([key, v]) => [key, withoutSecrets(v)]),
  );
}
