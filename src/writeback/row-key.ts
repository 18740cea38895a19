import type { ResolvedTable } from '../app-model/index.js';
import { type CanonicalValue, coerceValue } from '../warehouse/coerce-value.js';

/**
 * The audit's row key: JSON of the key columns in declared order, integers as
 * JSON numbers when exact. The same row always yields the same text, so the
 * data team can query `WHERE row_key = '{"line_id":12}'`.
 */
export function formatRowKey(table: ResolvedTable, key: Record<string, CanonicalValue>): string {
  return JSON.stringify(clientRowKey(table, key));
}

/** The key as clients see it: key columns in declared order, integers as JSON numbers when exact. */
export function clientRowKey(table: ResolvedTable, key: Record<string, CanonicalValue>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const column of table.key) {
    const value = key[column] ?? null;
    const type = table.columnByName.get(column)?.type;
    ordered[column] = type?.kind === 'integer' && typeof value === 'string' && Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }
  return ordered;
}

/** The key object the API returns for a row (key columns only). */
export function pickKey(table: ResolvedTable, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(table.key.map((k) => [k, row[k] ?? null]));
}

/** The audit row key of a row as the warehouse returned it (key values coerced to their canonical form first). */
export function rowKeyOf(table: ResolvedTable, row: Record<string, unknown>): string {
  const key: Record<string, CanonicalValue> = {};
  for (const column of table.key) {
    const coerced = coerceValue(row[column], table.columnByName.get(column)!.type);
    key[column] = coerced.ok ? coerced.value : ((row[column] ?? null) as CanonicalValue);
  }
  return formatRowKey(table, key);
}
