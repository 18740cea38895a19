import type { Row, RowKey } from '../api/types';
import { keyId, keyOf } from '../ui/row-keys';

/** A cell whose value differs between two readings of the same row. */
export interface ChangedCell {
  key: RowKey;
  column: string;
}

/**
 * The cells of `columns` that changed between two readings of rows (matched by key; rows only in
 * one reading are not compared). Values compare by their text, as the server sends them.
 */
export function changedCells(before: readonly Row[], after: readonly Row[], keyColumns: string[], columns: readonly string[]): ChangedCell[] {
  const earlier = new Map(before.map((row) => [keyId(keyOf(row, keyColumns)), row]));
  const changed: ChangedCell[] = [];
  for (const row of after) {
    const key = keyOf(row, keyColumns);
    const old = earlier.get(keyId(key));
    if (!old) continue;
    for (const column of columns) {
      if (textOf(old[column]) !== textOf(row[column])) changed.push({ key, column });
    }
  }
  return changed;
}

function textOf(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
