import { AppError } from '../errors/index.js';
import { renderSql } from '../warehouse/sql.js';
import { buildExistingKeys } from './build-group-statement.js';
import { groupChanges } from './group-changes.js';
import type { PreparedChange } from './prepare-changes.js';
import { formatRowKey } from './row-key.js';
import { stageGroup } from './stage-group.js';
import type { WriteContext } from './write-context.js';

/**
 * After the warehouse refused a duplicate key (the transaction is rolled
 * back by then), names the inserts whose key a row already has, in one query
 * per insert group. Any other duplicate (another unique constraint, a
 * concurrent twin of an idempotent submission) keeps the original error.
 */
export async function explainDuplicateKeys(context: WriteContext, changes: readonly PreparedChange[], original: AppError): Promise<AppError> {
  const { driver, table } = context;
  const keyed = changes.filter((c) => c.op === 'insert' && table.key.every((k) => c.set.get(k) != null));
  const rows: { changeIndex: number; key: Record<string, unknown> }[] = [];
  for (const group of groupChanges(table, keyed)) {
    const q = renderSql(buildExistingKeys(table, stageGroup(table, group)), driver.dialect);
    const found = await driver.query(q.sql, q.params, { identity: context.identity ?? undefined });
    const byIndex = new Map(group.changes.map((c) => [c.index, c]));
    for (const row of found.rows) {
      const change = byIndex.get(Number(row.__i))!;
      const key = formatRowKey(table, Object.fromEntries(table.key.map((k) => [k, change.set.get(k)!])));
      rows.push({ changeIndex: change.index, key: JSON.parse(key) as Record<string, unknown> });
    }
  }
  if (rows.length === 0) return original;
  rows.sort((a, b) => a.changeIndex - b.changeIndex);
  const first = rows[0]!;
  const noun =
    rows.length === 1 ? `A row with the key ${JSON.stringify(first.key)} already exists` : `${rows.length} of the new rows have keys that already exist`;
  return new AppError('WB_KEY_EXISTS', `${noun} in ${table.title}; nothing was written. Choose another key or update the existing row.`, { rows });
}
