import type { ResolvedTable } from '../app-model/index.js';
import { fetchCellsBetween } from '../governance/audit/index.js';
import type { WarehouseDriver } from '../warehouse/driver.js';

export interface RowDiff {
  key: Record<string, unknown>;
  /** insert: the row is new at `to`; delete: gone at `to`; update: values differ. */
  op: 'insert' | 'update' | 'delete';
  cells: { column: string; from: string | null; to: string | null }[];
  /** Who changed the row in the interval, in order. */
  changedBy: string[];
}

/**
 * The net difference of a table between two times, from the audit: for each
 * row and column the value at `from` and at `to`. Cells changed and changed
 * back are left out.
 */
export async function fetchTableDiff(driver: WarehouseDriver, auditSchema: string, table: ResolvedTable, from: string, to: string): Promise<RowDiff[]> {
  const cells = await fetchCellsBetween(driver, driver.dialect, auditSchema, table.qualifiedName, from, to);
  const rows = new Map<string, { first: string; last: string; columns: Map<string, { from: string | null; to: string | null }>; users: string[] }>();
  for (const { cell, username } of cells) {
    let row = rows.get(cell.rowKey);
    if (!row) {
      row = { first: cell.op, last: cell.op, columns: new Map(), users: [] };
      rows.set(cell.rowKey, row);
    }
    row.last = cell.op;
    if (row.users.at(-1) !== username) row.users.push(username);
    const column = row.columns.get(cell.column);
    if (column) column.to = cell.newValue;
    else row.columns.set(cell.column, { from: cell.oldValue, to: cell.newValue });
  }
  const diffs: RowDiff[] = [];
  for (const [rowKey, row] of rows) {
    if (row.first === 'insert' && row.last === 'delete') continue;
    const op = row.first === 'insert' ? 'insert' : row.last === 'delete' ? 'delete' : 'update';
    const changed = [...row.columns].filter(([, v]) => v.from !== v.to).map(([column, v]) => ({ column, ...v }));
    if (changed.length) diffs.push({ key: JSON.parse(rowKey) as Record<string, unknown>, op, cells: changed, changedBy: row.users });
  }
  return diffs;
}
