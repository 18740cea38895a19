import type { WriteOperation } from '../../app-model/index.js';
import { join, raw, sql, type SqlFragment, table, valueAs, stagedRowsOf } from '../../warehouse/sql.js';
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

const TEXT = { kind: 'string', sql: 'VARCHAR' } as const;
/** Up to this many cells, their rows are a plain `VALUES` list: cheaper for the engine than selecting from staged lists. */
const LISTED_CELLS = 8;
const INTEGER = { kind: 'integer', sql: 'INTEGER', bits: 32 } as const;

/**
 * The statements writing one changeset and its cell rows (pure; run inside
 * the write transaction): the changeset row, and every cell row in ONE
 * INSERT … SELECT over the cells staged as bound lists, so the audit costs
 * the same number of statements for 1 cell and for 100,000 (a few cells, a
 * grid edit's, are listed as `VALUES` instead, which engines insert for less).
 * With `writableCtes` both are one statement.
 */
export function buildAuditInserts(schema: string, changeset: UnsealedChangeset, cells: readonly AuditCell[], writableCtes = false): SqlFragment[] {
  const changesetRow = sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.changesets}`)} ${changesetColumns} ${changesetValues(changeset)}`;
  if (cells.length === 0) return [changesetRow];
  const cellRows = cells.length <= LISTED_CELLS ? listedCells(schema, changeset, cells) : stagedCells(schema, changeset, cells);
  if (writableCtes) return [sql`WITH audit_changeset AS (${changesetRow}) ${cellRows}`];
  return [changesetRow, cellRows];
}

function listedCells(schema: string, changeset: UnsealedChangeset, cells: readonly AuditCell[]): SqlFragment {
  return sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} ${cellColumns} ${cellValues(changeset, cells)}`;
}

function stagedCells(schema: string, changeset: UnsealedChangeset, cells: readonly AuditCell[]): SqlFragment {
  const staged = stagedRowsOf(
    [
      { name: 'seq', type: INTEGER },
      { name: 'op', type: TEXT },
      { name: 'row_key', type: TEXT },
      { name: 'column_name', type: TEXT },
      { name: 'old_value', type: TEXT },
      { name: 'new_value', type: TEXT },
    ],
    cells.map((cell, i) => [String(i + 1), cell.op, cell.rowKey, cell.column, cell.oldValue, cell.newValue]),
    'cells',
  );
  return sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} ${cellColumns}
    SELECT ${changeset.changesetId}, cells.seq, cells.op, ${changeset.tableName}, cells.row_key, cells.column_name, cells.old_value, cells.new_value FROM ${staged}`;
}

const changesetColumns = raw(
  '(changeset_id, committed_at, user_id, username, app, table_name, reason, idempotency_key, request_hash, inserted, updated, deleted, reverts)',
);
const cellColumns = raw('(changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value)');

/** `VALUES (…)` of a changeset row (typed, so it can also stand in `SELECT * FROM (VALUES …)`). */
export function changesetValues(c: UnsealedChangeset): SqlFragment {
  return sql`VALUES (${c.changesetId}, ${valueAs(c.committedAt, 'timestamp')}, ${c.userId}, ${c.username}, ${c.app}, ${c.tableName}, ${c.reason},
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
