import type { WriteOperation } from '../../app-model/index.js';
import { join, raw, sql, table, type SqlFragment } from '../../warehouse/sql.js';
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

/** A changeset as its write transaction commits it: the sealer gives it its chain position and hashes after commit. */
export type UnsealedChangeset = Omit<AuditChangeset, 'seq' | 'prevHash' | 'hash'>;

export interface AuditCell {
  op: WriteOperation;
  rowKey: string;
  column: string;
  oldValue: string | null;
  newValue: string | null;
}

const CELL_ROWS_PER_STATEMENT = 200;

/**
 * INSERT statements for one changeset and its cell rows (pure; run inside the
 * write transaction). With `writableCtes`, a changeset of up to 200 cells is
 * one statement (the changeset row inserted in a CTE), saving a round trip.
 */
export function buildAuditInserts(schema: string, changeset: UnsealedChangeset, cells: readonly AuditCell[], writableCtes = false): SqlFragment[] {
  if (writableCtes && cells.length > 0 && cells.length <= CELL_ROWS_PER_STATEMENT) {
    return [
      sql`WITH audit_changeset AS (INSERT INTO ${table(`${schema}.${AUDIT_TABLES.changesets}`)} ${changesetColumns} ${changesetValues(changeset)})
        INSERT INTO ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} ${cellColumns} ${cellValues(changeset, cells)}`,
    ];
  }
  const statements = [sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.changesets}`)} ${changesetColumns} ${changesetValues(changeset)}`];
  for (let start = 0; start < cells.length; start += CELL_ROWS_PER_STATEMENT) {
    statements.push(
      sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} ${cellColumns} ${cellValues(changeset, cells.slice(start, start + CELL_ROWS_PER_STATEMENT), start)}`,
    );
  }
  return statements;
}

const changesetColumns = raw(
  '(changeset_id, committed_at, user_id, username, app, table_name, reason, idempotency_key, request_hash, inserted, updated, deleted, reverts)',
);
const cellColumns = raw('(changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value)');

/** `VALUES (…)` of a changeset row (typed, so it can also stand in `SELECT * FROM (VALUES …)`). */
export function changesetValues(c: UnsealedChangeset): SqlFragment {
  return sql`VALUES (${c.changesetId}, CAST(${c.committedAt} AS TIMESTAMPTZ), ${c.userId}, ${c.username}, ${c.app}, ${c.tableName}, ${c.reason},
    ${c.idempotencyKey}, ${c.requestHash}, CAST(${c.inserted} AS INTEGER), CAST(${c.updated} AS INTEGER), CAST(${c.deleted} AS INTEGER), ${c.reverts})`;
}

/** `VALUES (…), (…)` of cell rows numbered from `offset + 1`. */
export function cellValues(c: UnsealedChangeset, cells: readonly AuditCell[], offset = 0): SqlFragment {
  const rows = cells.map(
    (cell, i) =>
      sql`(${c.changesetId}, CAST(${offset + i + 1} AS INTEGER), ${cell.op}, ${c.tableName}, ${cell.rowKey}, ${cell.column}, ${cell.oldValue}, ${cell.newValue})`,
  );
  return sql`VALUES ${join(rows, ', ')}`;
}

/** The column lists of the two audit tables, for statements that insert into them another way. */
export const AUDIT_COLUMNS = { changesets: changesetColumns, cellChanges: cellColumns };
