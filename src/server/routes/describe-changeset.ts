import { AppError } from '../../errors/index.js';
import { fetchChangeset, fetchRevertedBy } from '../../governance/audit/index.js';
import { directWritesAllowed, mayWrite } from '../../governance/policies/index.js';
import { canOpenApp, hasAnyRole, type Principal } from '../../governance/principal.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { clientRowKey } from '../../writeback/row-key.js';
import { changesetRows, readableChangesetRows } from './changeset-rows.js';

/**
 * One changeset as a person reviews it: who, when, why, which rows changed
 * from what to what, and whether they may revert it. Only rows the viewer
 * may read are listed (the rest are counted); a changeset with no such row
 * is "not found" unless the viewer may open the activity app, which lists
 * every changeset's header anyway. The app must be one the viewer may open.
 */
export async function describeChangeset(runtime: ProjectRuntime, principal: Principal, changesetId: string) {
  const project = runtime.current();
  const auditSchema = project.config.audit.schema;
  const notFound = () => new AppError('CHANGESET_NOT_FOUND', `No changeset ${changesetId} that you may see.`, { changesetId });
  const stored = await fetchChangeset(runtime.warehouse, runtime.warehouse.dialect, auditSchema, changesetId);
  const app = stored ? project.apps.get(stored.app) : undefined;
  const table = app && [...app.tables.values()].find((t) => t.qualifiedName === stored!.tableName);
  if (!stored || !app || !table || !canOpenApp(principal, app)) throw notFound();

  const rows = changesetRows(stored.cells);
  let visible = new Set<string>();
  try {
    visible = await readableChangesetRows(runtime.warehouse, table, principal, runtime.identityFor(principal), rows, true);
  } catch (err) {
    // A role with no read policy on the table reads none of its rows.
    if (!(err instanceof AppError && err.code === 'GOV_FORBIDDEN_ROW')) throw err;
  }
  if (visible.size === 0 && !hasAnyRole(principal, project.config.audit.activityRoles)) throw notFound();

  const shown = rows.filter((row) => visible.has(row.rowKey));
  const mayChange = mayWrite(table, principal, 'insert') || mayWrite(table, principal, 'update') || mayWrite(table, principal, 'delete');
  return {
    changesetId,
    app: app.name,
    appTitle: app.config.title,
    table: table.name,
    tableTitle: table.title,
    committedAt: stored.committedAt,
    user: stored.username,
    reason: stored.reason,
    reverts: stored.reverts,
    revertedBy: await fetchRevertedBy(runtime.warehouse, runtime.warehouse.dialect, auditSchema, changesetId),
    counts: stored.counts,
    rows: shown.map((row) => ({
      key: clientRowKey(table, row.key),
      op: row.op,
      cells: row.cells.map((cell) => ({ column: cell.column, from: cell.oldValue, to: cell.newValue })),
    })),
    hiddenRows: rows.length - shown.length,
    canRevert: shown.length === rows.length && mayChange && directWritesAllowed(table, principal),
  };
}
