import type { ResolvedProject } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies, rowSatisfies } from '../governance/policies/index.js';
import { canOpenApp, type Principal } from '../governance/principal.js';
import type { PresenceEntry } from './presence-registry.js';

/** One other person on an app, as a viewer may see them. */
export interface ClientPresence {
  userId: string;
  displayName: string;
  page: string;
  /** The row they are editing: only for a viewer whose read policy lets them read it. */
  editing?: { block: string; table: string; key: Record<string, unknown> };
}

/** The `presence` frame's payload: everyone else on the app, now. */
export interface ClientPresenceList {
  app: string;
  others: ClientPresence[];
}

/**
 * What `principal` may learn of who is on `app`: nothing unless they may open
 * it; never themselves; each other user once (a user in several tabs: the tab
 * editing a row, else the latest announced); the row being edited only if
 * the viewer's read policy admits it, judged on the row as the editor read it.
 */
export function visiblePresence(
  project: ResolvedProject,
  principal: Principal,
  app: string,
  entries: readonly PresenceEntry[],
): ClientPresenceList | undefined {
  const resolved = project.apps.get(app);
  if (!resolved || !canOpenApp(principal, resolved)) return undefined;
  const byUser = new Map<string, PresenceEntry>();
  for (const entry of entries) {
    if (entry.userId === principal.id) continue;
    const seen = byUser.get(entry.userId);
    if (!seen || entry.editing || !seen.editing) byUser.set(entry.userId, entry);
  }
  const others: ClientPresence[] = [];
  for (const entry of byUser.values()) {
    const shown: ClientPresence = { userId: entry.userId, displayName: entry.displayName, page: entry.page };
    const editing = entry.editing;
    if (editing?.row) {
      const table = resolved.tables.get(editing.table);
      if (table && mayRead(table, principal, editing.row)) shown.editing = { block: editing.block, table: editing.table, key: editing.key };
    }
    others.push(shown);
  }
  others.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
  return { app, others };
}

function mayRead(table: Parameters<typeof readRowPolicies>[0], principal: Principal, row: Record<string, unknown>): boolean {
  try {
    return rowSatisfies(readRowPolicies(table, principal), table, principal, row);
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}
