import type { ResolvedTable } from '../app-model/index.js';
import { locksFor, lockTuple, lockTupleQuery } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { renderSql } from '../warehouse/sql.js';

/**
 * Per row, the message of the lock of the table that holds it, or null for the principal (for the
 * UI's locked cells; writes check locks inside their statements). Each lock
 * table is read once, as the small list it is, and matched here.
 */
export async function lockedRows(
  driver: WarehouseDriver,
  table: ResolvedTable,
  principal: Principal,
  rows: readonly Record<string, unknown>[],
  identity?: WarehouseIdentity,
): Promise<(string | null)[]> {
  const locks = locksFor(table, principal);
  const locked: (string | null)[] = rows.map(() => null);
  for (const lock of locks) {
    const q = renderSql(lockTupleQuery(lock), driver.dialect);
    const result = await driver.query(q.sql, q.params, { identity });
    const tuples = new Set(result.rows.map((r) => lockTuple(lock.match.map((m) => r[m.lockColumn]))));
    rows.forEach((row, i) => {
      if (locked[i] === null && tuples.has(lockTuple(lock.match.map((m) => row[m.rowColumn])))) locked[i] = lock.message;
    });
  }
  return locked;
}
