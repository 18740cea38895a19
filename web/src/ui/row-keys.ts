import type { Row, RowKey } from '../api/types';
import { formatLoose, humanize } from './format';

export function keyOf(row: Row, keyColumns: string[]): RowKey {
  const key: RowKey = {};
  for (const column of keyColumns) key[column] = row[column] ?? null;
  return key;
}

/** Stable identity for a key: same columns in the same order give the same string. */
export function keyId(key: RowKey): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((k) => [k, key[k]]),
  );
}

export function cellId(key: RowKey, column: string): string {
  return `${keyId(key)}#${column}`;
}

/** Loose match: the server may send 12 where the grid holds "12" (BIGINT keys travel as strings). */
export function sameKey(a: RowKey, b: RowKey): boolean {
  const columns = Object.keys(a);
  if (columns.length !== Object.keys(b).length) return false;
  return columns.every((c) => String(a[c]) === String(b[c]));
}

/** Human label for a row: `{line_id: 12}` reads as "line 12". */
export function keyLabel(key: RowKey): string {
  const entries = Object.entries(key);
  if (entries.length === 1) {
    const [column, value] = entries[0] as [string, unknown];
    const noun = column.replace(/_?(id|key|no|number)$/i, '');
    return `${noun ? humanize(noun).toLowerCase() : humanize(column).toLowerCase()} ${formatKeyValue(value)}`;
  }
  return entries.map(([c, v]) => `${c}=${formatKeyValue(v)}`).join(', ');
}

function formatKeyValue(value: unknown): string {
  return typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value) ? value : formatLoose(value).replace(/,/g, '');
}
