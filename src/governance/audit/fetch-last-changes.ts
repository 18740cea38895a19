import type { Dialect } from '../../warehouse/dialect.js';
import type { SqlRunner } from '../../warehouse/driver.js';
import { renderSql, sql, table, asText, raw, stagedRowsOf } from '../../warehouse/sql.js';
import { AUDIT_TABLES } from './audit-schema.js';
import { toIso } from './fetch-history.js';

const TEXT = { kind: 'string', sql: 'VARCHAR' } as const;

/** Who last changed each of these cells of one table, and when, in ONE query (for conflict reports). Keyed `rowKey + '\n' + column`. */
export async function fetchLastCellChanges(
  runner: SqlRunner,
  dialect: Dialect,
  schema: string,
  tableName: string,
  cells: readonly { rowKey: string; column: string }[],
): Promise<Map<string, { user: string; at: string }>> {
  const found = new Map<string, { user: string; at: string }>();
  if (cells.length === 0) return found;
  const wanted = stagedRowsOf(
    [
      { name: 'row_key', type: TEXT },
      { name: 'column_name', type: TEXT },
    ],
    cells.map((c) => [c.rowKey, c.column]),
    'q',
  );
  const q = renderSql(
    sql`SELECT x.row_key AS row_key, x.column_name AS column_name, x.username AS username, ${asText(raw('x.committed_at'))} AS at FROM (
          SELECT cc.row_key AS row_key, cc.column_name AS column_name, c.username AS username, c.committed_at AS committed_at,
                 row_number() OVER (PARTITION BY cc.row_key, cc.column_name ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC) AS rn
            FROM ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} cc
            JOIN ${table(`${schema}.${AUDIT_TABLES.changesets}`)} c ON c.changeset_id = cc.changeset_id
            JOIN ${wanted} ON cc.row_key = q.row_key AND cc.column_name = q.column_name
           WHERE cc.table_name = ${tableName}) x
        WHERE x.rn = 1`,
    dialect,
  );
  for (const row of (await runner.query(q.sql, q.params)).rows) {
    found.set(`${row.row_key}\n${row.column_name}`, { user: String(row.username), at: toIso(String(row.at)) });
  }
  return found;
}
