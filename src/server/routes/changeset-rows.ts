import type { ResolvedTable } from '../../app-model/index.js';
import type { AuditCell } from '../../governance/audit/index.js';
import { readRowPolicies, rowSatisfies } from '../../governance/policies/index.js';
import type { Principal } from '../../governance/principal.js';
import { fetchRowsByKey } from '../../query/index.js';
import type { CanonicalValue } from '../../warehouse/coerce-value.js';
import type { WarehouseDriver, WarehouseIdentity } from '../../warehouse/driver.js';
import { rowKeyOf } from '../../writeback/row-key.js';

/** One row a changeset touched, with its cells in write order. */
export interface ChangesetRow {
  rowKey: string;
  key: Record<string, CanonicalValue>;
  /** The first operation the changeset did on the row (what a revert undoes). */
  op: AuditCell['op'];
  cells: AuditCell[];
}

/** The changeset's rows in order of their first cell. */
export function changesetRows(cells: readonly AuditCell[]): ChangesetRow[] {
  const byKey = new Map<string, ChangesetRow>();
  for (const cell of cells) {
    let row = byKey.get(cell.rowKey);
    if (!row) {
      row = { rowKey: cell.rowKey, key: JSON.parse(cell.rowKey) as Record<string, CanonicalValue>, op: cell.op, cells: [] };
      byKey.set(cell.rowKey, row);
    }
    row.cells.push(cell);
  }
  return [...byKey.values()];
}

/**
 * The changeset rows the user may read: a row the changeset deleted as it
 * was deleted, any other row as it is now (read through the user's read
 * policies and warehouse identity). With `asChanged` (showing the values),
 * also with the changeset's old and new values laid over it, so a row moved
 * in from rows the user may not read does not show where it came from; a
 * revert leaves that to the write policies, which refuse the move back.
 */
export async function readableChangesetRows(
  driver: WarehouseDriver,
  table: ResolvedTable,
  principal: Principal,
  identity: WarehouseIdentity | undefined,
  rows: readonly ChangesetRow[],
  asChanged = false,
): Promise<Set<string>> {
  const policies = readRowPolicies(table, principal);
  const readable = (values: Record<string, unknown>) => rowSatisfies(policies, table, principal, values);
  const visible = new Set<string>();
  const present = rows.filter((row) => row.op !== 'delete');
  for (const row of rows) {
    if (row.op === 'delete' && readable(Object.fromEntries(row.cells.map((c) => [c.column, c.oldValue])))) visible.add(row.rowKey);
  }
  const current = new Map(
    (
      await fetchRowsByKey(
        driver,
        table,
        principal,
        present.map((row) => row.key),
        identity,
      )
    ).map((values) => [rowKeyOf(table, values), values]),
  );
  for (const row of present) {
    const now = current.get(row.rowKey);
    if (!now || !asChanged || policies.length === 0) {
      if (now) visible.add(row.rowKey);
      continue;
    }
    const before = { ...now, ...Object.fromEntries(row.cells.filter((c) => c.op === 'update').map((c) => [c.column, c.oldValue])) };
    const after = { ...now, ...Object.fromEntries(row.cells.map((c) => [c.column, c.newValue])) };
    if ((row.op === 'insert' || readable(before)) && readable(after)) visible.add(row.rowKey);
  }
  return visible;
}
