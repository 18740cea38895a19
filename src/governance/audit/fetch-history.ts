import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { renderSql, sql, table, asText, raw, limitRows } from '../../warehouse/sql.js';
import { AUDIT_TABLES } from './audit-schema.js';

export interface CellHistoryEntry {
  changesetId: string;
  at: string;
  user: string;
  op: string;
  column: string;
  old: string | null;
  new: string | null;
  reason: string | null;
  /** The changeset this entry's changeset reverts, if it is a revert. */
  reverts: string | null;
  /** Rows the whole changeset inserted, updated or deleted (it may reach beyond this row). */
  changesetRows: number;
}

/** Every audited cell change of one row, newest first. */
export async function fetchRowHistory(
  runner: SqlRunner,
  dialect: Dialect,
  schema: string,
  tableName: string,
  rowKey: string,
  limit = 500,
): Promise<CellHistoryEntry[]> {
  const q = renderSql(
    sql`SELECT c.changeset_id AS changeset_id, ${asText(raw('c.committed_at'))} AS at, c.username AS username, cc.op AS op, cc.column_name AS column_name,
                cc.old_value AS old_value, cc.new_value AS new_value, c.reason AS reason, c.reverts AS reverts,
                c.inserted + c.updated + c.deleted AS changeset_rows
          FROM ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} cc
          JOIN ${table(`${schema}.${AUDIT_TABLES.changesets}`)} c ON c.changeset_id = cc.changeset_id
         WHERE cc.table_name = ${tableName} AND cc.row_key = ${rowKey}
         ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC
         ${limitRows(limit)}`,
    dialect,
  );
  const { rows } = await runner.query(q.sql, q.params);
  return rows.map((r) => ({
    changesetId: String(r.changeset_id),
    at: toIso(String(r.at)),
    user: String(r.username),
    op: String(r.op),
    column: String(r.column_name),
    old: r.old_value === null ? null : String(r.old_value),
    new: r.new_value === null ? null : String(r.new_value),
    reason: r.reason === null ? null : String(r.reason),
    reverts: r.reverts === null ? null : String(r.reverts),
    changesetRows: Number(r.changeset_rows),
  }));
}

/** Warehouses render timestamps as `2026-01-02 03:04:05.678+00`; clients get ISO 8601. */
export function toIso(value: string): string {
  // `2024-01-02 03:04:05+00` (PostgreSQL), `2024-01-02 03:04:05.1234560 +00:00` (SQL Server), or ISO already.
  const date = new Date(
    value
      .replace(' ', 'T')
      .replace(/([+-]\d{2})$/, '$1:00')
      .replace(/ ([+-]\d{2}:\d{2})$/, '$1'),
  );
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
