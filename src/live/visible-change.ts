import type { ResolvedProject } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies, rowSatisfies } from '../governance/policies/index.js';
import { hasAnyRole, type Principal } from '../governance/principal.js';
import { pickKey } from '../writeback/row-key.js';
import type { ChangeEvent } from '../writeback/change-event.js';

export interface ClientChange {
  app: string;
  table: string;
  keys: Record<string, unknown>[];
  changesetId: string;
  user: string;
}

/**
 * What one viewer may learn of a committed changeset: one message per app they
 * may open that shows the changed warehouse table, with only the keys of rows
 * their read policy lets them see.
 */
export function visibleChanges(project: ResolvedProject, principal: Principal, event: ChangeEvent): ClientChange[] {
  const out: ClientChange[] = [];
  for (const app of project.apps.values()) {
    if (!hasAnyRole(principal, app.config.roles)) continue;
    for (const table of app.tables.values()) {
      if (table.qualifiedName !== event.qualifiedTable) continue;
      let policies: ReturnType<typeof readRowPolicies>;
      try {
        policies = readRowPolicies(table, principal);
      } catch (error) {
        if (error instanceof AppError) continue;
        throw error;
      }
      const keys = event.rows.filter((row) => rowSatisfies(policies, table, principal, row)).map((row) => pickKey(table, row));
      if (keys.length) out.push({ app: app.name, table: table.name, keys, changesetId: event.changesetId, user: event.user });
    }
  }
  return out;
}
