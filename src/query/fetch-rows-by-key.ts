import type { ResolvedTable } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import type { CanonicalValue } from '../warehouse/coerce-value.js';
import type { Row, WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { ident, join, renderSql, sql, stagedRowsOf } from '../warehouse/sql.js';
import { buildTableSource } from './dataset-source.js';
import { gatedRead, tableWord } from '../writeback/read-gate.js';

/**
 * The rows of `table` with these keys that the user may read (read policy
 * and warehouse identity applied), in ONE query over the keys staged as bound
 * lists. Rows the user may not read are simply not returned.
 */
export async function fetchRowsByKey(
  driver: WarehouseDriver,
  table: ResolvedTable,
  principal: Principal,
  keys: readonly Record<string, CanonicalValue>[],
  identity?: WarehouseIdentity,
): Promise<Row[]> {
  if (keys.length === 0) return [];
  const staged = stagedRowsOf(
    table.key.map((k) => ({ name: `k:${k}`, type: table.columnByName.get(k)!.type })),
    keys.map((key) => table.key.map((k) => (key[k] === null || key[k] === undefined ? null : String(key[k])))),
    'wanted',
  );
  const match = join(
    table.key.map((k) => sql`${ident('r')}.${ident(k)} = ${ident('wanted')}.${ident(`k:${k}`)}`),
    ' AND ',
  );
  const q = renderSql(sql`SELECT ${ident('r')}.* FROM (${buildTableSource(table, principal, {})}) AS ${ident('r')} JOIN ${staged} ON ${match}`, driver.dialect);
  return (await gatedRead(driver, new Set([tableWord(table.qualifiedName)]), () => driver.query(q.sql, q.params, { identity }))).rows;
}
