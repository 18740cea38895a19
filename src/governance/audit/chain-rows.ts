import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { join, renderSql, sql, table, type SqlFragment, asText, raw, limitRows } from '../../warehouse/sql.js';
import type { AuditCell, UnsealedChangeset } from './audit-records.js';
import { AUDIT_TABLES } from './audit-schema.js';
import { toIso } from './fetch-history.js';

/** A stored changeset with its cell rows, read the one way both the sealer and the verifier hash it. */
export interface ChainRow {
  changeset: UnsealedChangeset;
  cells: AuditCell[];
  /** Chain fields as stored (null while unsealed). */
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}

/**
 * One page of changesets matching `where`, in `orderBy` order, with their cell
 * rows. Values are read back from the warehouse (timestamps rendered by it),
 * so a hash computed from them can be recomputed from the same rows later.
 */
export async function readChainRows(
  runner: SqlRunner,
  dialect: Dialect,
  schema: string,
  page: { where: SqlFragment; orderBy: SqlFragment; limit: number; offset?: number },
): Promise<ChainRow[]> {
  const run = async (fragment: SqlFragment) => {
    const q = renderSql(fragment, dialect);
    return (await runner.query(q.sql, q.params)).rows;
  };
  const rows = await run(sql`SELECT changeset_id, ${asText(raw('committed_at'))} AS committed_at, user_id, username, app, table_name, reason,
      idempotency_key, request_hash, inserted, updated, deleted, seq, prev_hash, hash, reverts
      FROM ${table(`${schema}.${AUDIT_TABLES.changesets}`)} WHERE ${page.where} ORDER BY ${page.orderBy} ${limitRows(page.limit, page.offset ?? 0)}`);
  if (rows.length === 0) return [];
  const cellsById = new Map<string, AuditCell[]>();
  const ids = rows.map((r) => String(r.changeset_id));
  for (const cell of await run(sql`SELECT changeset_id, op, row_key, column_name, old_value, new_value FROM ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)}
      WHERE changeset_id IN (${join(
        ids.map((id) => sql`${id}`),
        ', ',
      )}) ORDER BY changeset_id, seq`)) {
    const list = cellsById.get(String(cell.changeset_id)) ?? [];
    list.push({
      op: cell.op as AuditCell['op'],
      rowKey: String(cell.row_key),
      column: String(cell.column_name),
      oldValue: text(cell.old_value),
      newValue: text(cell.new_value),
    });
    cellsById.set(String(cell.changeset_id), list);
  }
  return rows.map((row) => {
    const id = String(row.changeset_id);
    return {
      changeset: {
        changesetId: id,
        committedAt: toIso(String(row.committed_at)),
        userId: String(row.user_id),
        username: String(row.username),
        app: String(row.app),
        tableName: String(row.table_name),
        reason: text(row.reason),
        idempotencyKey: text(row.idempotency_key),
        requestHash: String(row.request_hash),
        inserted: Number(row.inserted),
        updated: Number(row.updated),
        deleted: Number(row.deleted),
        reverts: text(row.reverts),
      },
      cells: cellsById.get(id) ?? [],
      seq: row.seq === null || row.seq === undefined ? null : Number(row.seq),
      prevHash: text(row.prev_hash),
      hash: text(row.hash),
    };
  });
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
