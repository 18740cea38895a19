import type { ColumnInfo, QueryResult, Row, TableInfo } from '../api/types';
import { isCellEditable } from './grid-columns';

// What the person may do with each row, as the server evaluated it (`withEditable`): the columns
// their write policies let them update in that row, and the lock that holds the row (a closed
// period). Kept on the row under a symbol, so it travels with the row through the grid's copies
// (`{...row}`) without becoming a column, a key or part of any request.

const ACCESS = Symbol('row access');

export interface RowAccess {
  editable: ReadonlySet<string>;
  /** Why the row may not change (the lock's message), or null. */
  locked: string | null;
}

type WithAccess = Row & { [ACCESS]?: RowAccess };

/** The result's rows, each carrying its access when the server sent it. */
export function rowsWithAccess(result: QueryResult): Row[] {
  const { editable, locked } = result;
  if (!editable) return result.rows;
  return result.rows.map((row, i) => {
    const out: WithAccess = { ...row };
    out[ACCESS] = { editable: new Set(editable[i] ?? []), locked: locked?.[i] ?? null };
    return out;
  });
}

export function rowAccess(row: Row): RowAccess | undefined {
  return (row as WithAccess)[ACCESS];
}

/** The cell may be typed into: the column is editable for the person, and this row lets them (no lock, policy allows). */
export function mayEditCell(table: TableInfo, column: ColumnInfo, row: Row): boolean {
  if (!isCellEditable(table, column)) return false;
  const access = rowAccess(row);
  return access === undefined || access.editable.has(column.name);
}

/** Why a cell the column allows is not editable in this row: its lock's message, or the policy; null when it is editable. */
export function cellRefusal(table: TableInfo, column: ColumnInfo, row: Row): string | null {
  if (!isCellEditable(table, column) || mayEditCell(table, column, row)) return null;
  return rowAccess(row)?.locked ?? 'You may not change this row.';
}
