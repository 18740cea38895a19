import type { ActionConfig, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { coerceValue, type CanonicalValue } from '../warehouse/coerce-value.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { ident, join, renderSql, sql, table as tableRef, typed } from '../warehouse/sql.js';
import type { Change } from '../writeback/changeset-schema.js';
import { formatRowKey, rowKeyOf } from '../writeback/row-key.js';

/** Selected rows read per statement (each key column is one bound parameter per row). */
const READ_BATCH = 500;

/**
 * The keys of an action's selection, checked and coerced: every key column of
 * the selection's table and nothing else, at most `max` distinct rows (the same
 * row ticked twice counts once). Refused together (400) when anything is off.
 */
export function resolveSelection(name: string, action: ActionConfig, table: ResolvedTable | undefined, input: readonly Record<string, unknown>[] | undefined) {
  if (!action.selection || !table) {
    if (input !== undefined) throw new AppError('REQ_INVALID', `Action ${name} does not run on selected rows; leave selection out.`, { issues: [] });
    return null;
  }
  const rows = input ?? [];
  const problems: { path: string; message: string }[] = [];
  if (rows.length === 0) problems.push({ path: 'selection', message: 'select at least one row' });
  const keys = new Map<string, Record<string, CanonicalValue>>();
  rows.forEach((row, i) => {
    const key: Record<string, CanonicalValue> = {};
    for (const column of Object.keys(row))
      if (!table.key.includes(column))
        problems.push({ path: `selection.${i}.${column}`, message: `'${column}' is not a key column of ${table.name} (${table.key.join(', ')})` });
    for (const column of table.key) {
      if (!Object.hasOwn(row, column)) {
        problems.push({ path: `selection.${i}.${column}`, message: `key column '${column}' is missing` });
        continue;
      }
      const coerced = coerceValue(row[column], table.columnByName.get(column)!.type);
      if (!coerced.ok || coerced.value === null)
        problems.push({ path: `selection.${i}.${column}`, message: coerced.ok ? 'a key is never null' : coerced.message });
      else key[column] = coerced.value;
    }
    keys.set(formatRowKey(table, key), key);
  });
  if (keys.size > action.selection.max) problems.push({ path: 'selection', message: `at most ${action.selection.max} rows per run (${keys.size} selected)` });
  if (problems.length)
    throw new AppError(
      'REQ_INVALID',
      `Action ${name}: ${problems
        .slice(0, 5)
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}.`,
      { issues: problems },
    );
  return [...keys.values()];
}

/**
 * One update per selected row setting `values`, each expecting the row's
 * current values of those columns (read as the user, so a row they may not
 * read is "not found", like a row that is not there). The write pipeline then
 * applies them set-based, as one changeset.
 */
export async function selectionChanges(
  warehouse: WarehouseDriver,
  table: ResolvedTable,
  keys: readonly Record<string, CanonicalValue>[],
  values: Record<string, CanonicalValue>,
  identity: WarehouseIdentity | undefined,
): Promise<Change[]> {
  const columns = Object.keys(values).filter((c) => table.columnByName.has(c));
  const current = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += READ_BATCH) {
    const batch = keys.slice(start, start + READ_BATCH);
    const match = batch.map(
      (key) =>
        sql`(${join(
          table.key.map((c) => sql`${ident(c)} = ${typed(key[c]!, table.columnByName.get(c)!.type)}`),
          ' AND ',
        )})`,
    );
    const q = renderSql(
      sql`SELECT ${join(
        [...new Set([...table.key, ...columns])].map((c) => ident(c)),
        ', ',
      )} FROM ${tableRef(table.qualifiedName)} WHERE ${join(match, ' OR ')}`,
      warehouse.dialect,
    );
    for (const row of (await warehouse.query(q.sql, q.params, { identity })).rows) current.set(rowKeyOf(table, row), row);
  }
  const missing = keys.filter((key) => !current.has(formatRowKey(table, key)));
  if (missing.length)
    throw new AppError(
      'ROW_NOT_FOUND',
      `${missing.length} of the selected rows of ${table.name} are not there (or not yours): ${formatRowKey(table, missing[0]!)}…`,
      {
        keys: missing.slice(0, 20),
      },
    );
  return keys.map((key) => {
    const row = current.get(formatRowKey(table, key))!;
    const expect = Object.fromEntries(
      columns.map((c) => {
        const coerced = coerceValue(row[c], table.columnByName.get(c)!.type);
        return [c, coerced.ok ? coerced.value : null];
      }),
    );
    return { op: 'update', key, set: values, expect } satisfies Change;
  });
}
