import type { ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { fetchCellsBetween } from '../../governance/audit/index.js';
import type { WarehouseDriver, WarehouseIdentity } from '../../warehouse/driver.js';
import { byDialect, ident, join, renderSql, sql, table as tableRef, typed, valueAs, type SqlFragment } from '../../warehouse/sql.js';
import { reconstructRows, type PastRow } from './reconstruct-rows.js';

/** More rows changed since the past time than a query may patch in. */
const MAX_PATCHED_ROWS = 20_000;

/**
 * A writable table as it was at `asOf`. Where the warehouse keeps past
 * versions itself (`capabilities.nativeTimeTravel`: Snowflake's `AT`,
 * BigQuery's and SQL Server's `FOR SYSTEM_TIME AS OF`, Databricks'
 * `TIMESTAMP AS OF`; SQL Server's system-versioned tables, `FOR SYSTEM_TIME
 * AS OF`: `CatalogTable.timeTravel`), the warehouse reads it, changes made outside Roundtrip
 * included, within the engine's retention. Elsewhere it is rebuilt from the
 * audit: rows changed since are replaced by their past values (bound
 * parameters), rows inserted since are dropped, rows deleted since come
 * back; only changes made through Roundtrip can be undone this way.
 */
export async function buildAsOfSource(
  driver: WarehouseDriver,
  auditSchema: string,
  table: ResolvedTable,
  asOf: string,
  identity?: WarehouseIdentity,
): Promise<SqlFragment> {
  const columns = table.columns.map((c) => ident(c.name));
  if ((driver.capabilities.nativeTimeTravel || table.timeTravel) && driver.dialect.tableAsOf) {
    const past = byDialect((dialect) => dialect.tableAsOf!(tableRef(table.qualifiedName), valueAs(asOf, 'timestamp')));
    return sql`SELECT ${join(columns, ', ')} FROM ${past}`;
  }
  const since = await fetchCellsBetween(driver, driver.dialect, auditSchema, table.qualifiedName, asOf);
  const past = reconstructRows(since);
  if (past.length > MAX_PATCHED_ROWS) {
    throw new AppError('QRY_INVALID_PARAM', `Too many rows changed since ${asOf} (${past.length}) to rebuild the table as of then; pick a later time.`, {});
  }
  const current = sql`SELECT ${join(columns, ', ')} FROM ${tableRef(table.qualifiedName)}`;
  if (past.length === 0) return current;
  const keyOf = (row: PastRow) => JSON.parse(row.rowKey) as Record<string, unknown>;
  const matchKey = (row: PastRow) =>
    sql`(${join(
      table.key.map((k) => sql`${ident(k)} = ${typed(keyOf(row)[k], table.columnByName.get(k)!.type)}`),
      ' AND ',
    )})`;
  const changed = join(past.map(matchKey), ' OR ');
  const existing = past.filter((r) => r.existed);
  const currentValues = await fetchCurrentRows(
    driver,
    table,
    existing.filter((r) => !r.deletedSince),
    matchKey,
    identity,
  );
  const patches = existing.map((row) => {
    const now = currentValues.get(row.rowKey) ?? {};
    const cells = table.columns.map((c) => {
      const value = c.name in row.values ? row.values[c.name] : c.name in keyOf(row) ? keyOf(row)[c.name] : row.deletedSince ? null : now[c.name];
      return sql`${typed(value ?? null, c.type)} AS ${ident(c.name)}`;
    });
    return sql`SELECT ${join(cells, ', ')}`;
  });
  const unchanged = sql`${current} WHERE NOT (${changed})`;
  return patches.length ? join([unchanged, ...patches], ' UNION ALL ') : unchanged;
}

async function fetchCurrentRows(
  driver: WarehouseDriver,
  table: ResolvedTable,
  rows: PastRow[],
  matchKey: (row: PastRow) => SqlFragment,
  identity?: WarehouseIdentity,
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  if (rows.length === 0) return found;
  const q = renderSql(
    // The columns as the driver gives them (decimals with their scale, dates as text): bound again below as typed values.
    // No aliases: on some engines an alias named like a column is what the WHERE then reads.
    sql`SELECT ${join(
      table.columns.map((c) => ident(c.name)),
      ', ',
    )} FROM ${tableRef(table.qualifiedName)} WHERE ${join(rows.map(matchKey), ' OR ')}`,
    driver.dialect,
  );
  for (const row of (await driver.query(q.sql, q.params, { identity })).rows) {
    const key = Object.fromEntries(table.key.map((k) => [k, row[k]]));
    const match = rows.find((r) => table.key.every((k) => String((JSON.parse(r.rowKey) as Record<string, unknown>)[k]) === String(key[k])));
    if (match) found.set(match.rowKey, row);
  }
  return found;
}
