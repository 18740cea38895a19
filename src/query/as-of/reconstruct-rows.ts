import type { TimedCell } from '../../governance/audit/index.js';

/** What a row looked like at the past time, for rows changed since. */
export interface PastRow {
  rowKey: string;
  /** False: the row did not exist then (inserted later). */
  existed: boolean;
  /** Column values known from the audit (canonical text); other columns are as they are now. */
  values: Record<string, string | null>;
  /** True when the row no longer exists, so columns missing from `values` were NULL. */
  deletedSince: boolean;
}

/**
 * Undoes, per row, every audited change made after the past time: the first
 * later change of a cell holds the value it had then. Pure; input oldest first.
 */
export function reconstructRows(cellsSince: readonly TimedCell[]): PastRow[] {
  const rows = new Map<string, PastRow>();
  for (const { cell } of cellsSince) {
    let row = rows.get(cell.rowKey);
    if (!row) {
      row = { rowKey: cell.rowKey, existed: cell.op !== 'insert', values: {}, deletedSince: false };
      rows.set(cell.rowKey, row);
    }
    if (cell.op === 'delete') row.deletedSince = true;
    if (cell.op === 'insert') row.deletedSince = false;
    if (row.existed && cell.op !== 'insert' && !(cell.column in row.values)) row.values[cell.column] = cell.oldValue;
  }
  return [...rows.values()];
}
