import type { ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { fetchChangeset, type AuditCell } from '../../governance/audit/index.js';
import { changesetRowNotFound, readRowPolicies, rowNotFound, rowSatisfies } from '../../governance/policies/index.js';
import type { Principal } from '../../governance/principal.js';
import { fetchRowsByKey } from '../../query/index.js';
import type { CanonicalValue } from '../../warehouse/coerce-value.js';
import type { WarehouseDriver, WarehouseIdentity } from '../../warehouse/driver.js';

export interface RevertTarget {
  changesetId: string;
  /** Canonical key of the one row to revert; omitted: the whole changeset. */
  key?: Record<string, unknown>;
}

/**
 * The revert route's own checks, before the write pipeline: the changeset
 * exists on this table (`CHANGESET_NOT_FOUND`) and every row the revert would
 * touch is one the user may read: the row as it is now, or, for a row the
 * changeset deleted, the row as it was then. A row that is not, and a row
 * that no longer exists, get the same `404 ROW_NOT_FOUND`, so a revert never
 * tells whether a key the user may not read exists (or is in the changeset).
 * Write policies, rules and conflicts stay with the pipeline.
 */
export async function assertRevertReadable(
  driver: WarehouseDriver,
  auditSchema: string,
  table: ResolvedTable,
  principal: Principal,
  identity: WarehouseIdentity | undefined,
  target: RevertTarget,
): Promise<void> {
  const stored = await fetchChangeset(driver, driver.dialect, auditSchema, target.changesetId);
  if (!stored || stored.tableName !== table.qualifiedName) {
    throw new AppError('CHANGESET_NOT_FOUND', `No changeset ${target.changesetId} on ${table.title}.`, { changesetId: target.changesetId });
  }
  const refusal = () => (target.key ? rowNotFound(table, target.key) : changesetRowNotFound());
  const rows = rowsOf(stored.cells.filter((cell) => !target.key || sameKey(cell.rowKey, target.key)));
  if (rows.length === 0) throw refusal();
  const policies = readRowPolicies(table, principal);
  const deleted = rows.filter((row) => row.op === 'delete');
  if (deleted.some((row) => !rowSatisfies(policies, table, principal, row.values))) throw refusal();
  const present = rows.filter((row) => row.op !== 'delete');
  const readable = await fetchRowsByKey(
    driver,
    table,
    principal,
    present.map((row) => row.key),
    identity,
  );
  if (readable.length < present.length) throw refusal();
}

interface TargetRow {
  key: Record<string, CanonicalValue>;
  /** The operation the changeset did on the row (what the revert undoes). */
  op: AuditCell['op'];
  /** For a deleted row: its values as deleted. */
  values: Record<string, unknown>;
}

/** The changeset's rows in order, each with its first operation (as the revert itself decides). */
function rowsOf(cells: readonly AuditCell[]): TargetRow[] {
  const byKey = new Map<string, TargetRow>();
  for (const cell of cells) {
    let row = byKey.get(cell.rowKey);
    if (!row) {
      row = { key: JSON.parse(cell.rowKey) as Record<string, CanonicalValue>, op: cell.op, values: {} };
      byKey.set(cell.rowKey, row);
    }
    if (cell.op === 'delete') row.values[cell.column] = cell.oldValue;
  }
  return [...byKey.values()];
}

function sameKey(rowKey: string, key: Record<string, unknown>): boolean {
  const stored = JSON.parse(rowKey) as Record<string, unknown>;
  const names = Object.keys(stored);
  return names.length === Object.keys(key).length && names.every((k) => String(stored[k]) === String(key[k]));
}
