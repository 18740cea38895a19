import type { WriteOperation } from '../../app-model/index.js';
import { join, sql, table, type SqlFragment } from '../../warehouse/sql.js';
import { AUDIT_TABLES } from './audit-schema.js';

export interface AuditChangeset {
  changesetId: string;
  committedAt: string;
  userId: string;
  username: string;
  app: string;
  /** Warehouse table name as configured (possibly schema-qualified). */
  tableName: string;
  reason: string | null;
  idempotencyKey: string | null;
  requestHash: string;
  inserted: number;
  updated: number;
  deleted: number;
  /** Position in the audit hash chain (1, 2, …). */
  seq: number;
  prevHash: string;
  hash: string;
  /** The changeset this one reverts, if it is a revert. */
  reverts: string | null;
}

export interface AuditCell {
  op: WriteOperation;
  rowKey: string;
  column: string;
  oldValue: string | null;
  newValue: string | null;
}

const CELL_ROWS_PER_STATEMENT = 200;

/** INSERT statements for one changeset and its cell rows (pure; run inside the write transaction). */
export function buildAuditInserts(schema: string, changeset: AuditChangeset, cells: readonly AuditCell[]): SqlFragment[] {
  const c = changeset;
  const statements = [
    sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.changesets}`)}
      (changeset_id, committed_at, user_id, username, app, table_name, reason, idempotency_key, request_hash, inserted, updated, deleted,
       seq, prev_hash, hash, reverts)
      VALUES (${c.changesetId}, CAST(${c.committedAt} AS TIMESTAMPTZ), ${c.userId}, ${c.username}, ${c.app}, ${c.tableName}, ${c.reason},
              ${c.idempotencyKey}, ${c.requestHash}, ${c.inserted}, ${c.updated}, ${c.deleted}, ${c.seq}, ${c.prevHash}, ${c.hash}, ${c.reverts})`,
  ];
  for (let start = 0; start < cells.length; start += CELL_ROWS_PER_STATEMENT) {
    const rows = cells.slice(start, start + CELL_ROWS_PER_STATEMENT).map(
      (cell, i) => sql`(${c.changesetId}, ${start + i + 1}, ${cell.op}, ${c.tableName}, ${cell.rowKey}, ${cell.column}, ${cell.oldValue}, ${cell.newValue})`,
    );
    statements.push(
      sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value) VALUES ${join(rows, ', ')}`,
    );
  }
  return statements;
}
