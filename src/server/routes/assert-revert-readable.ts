import type { ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { fetchChangeset } from '../../governance/audit/index.js';
import { changesetRowNotFound, rowNotFound } from '../../governance/policies/index.js';
import type { Principal } from '../../governance/principal.js';
import type { WarehouseDriver, WarehouseIdentity } from '../../warehouse/driver.js';
import { changesetRows, readableChangesetRows } from './changeset-rows.js';

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
  const rows = changesetRows(stored.cells).filter((row) => !target.key || sameKey(row.rowKey, target.key));
  if (rows.length === 0) throw refusal();
  const visible = await readableChangesetRows(driver, table, principal, identity, rows);
  if (visible.size < rows.length) throw refusal();
}

function sameKey(rowKey: string, key: Record<string, unknown>): boolean {
  const stored = JSON.parse(rowKey) as Record<string, unknown>;
  const names = Object.keys(stored);
  return names.length === Object.keys(key).length && names.every((k) => String(stored[k]) === String(key[k]));
}
