import { createHash } from 'node:crypto';
import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { renderSql, sql, table } from '../../warehouse/sql.js';
import type { AuditCell, AuditChangeset } from './audit-records.js';
import { AUDIT_TABLES } from './audit-schema.js';

/** The predecessor of the first changeset. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of one changeset: its content, every cell row and its
 * predecessor's hash. Editing, deleting or inserting any audit row breaks the
 * chain from that changeset on (see `verifyAuditChain`).
 */
export function hashChangeset(changeset: Omit<AuditChangeset, 'hash'>, cells: readonly AuditCell[]): string {
  const c = changeset;
  const content = [
    c.seq, c.prevHash, c.changesetId, c.committedAt, c.userId, c.username, c.app, c.tableName, c.reason, c.idempotencyKey,
    c.requestHash, c.inserted, c.updated, c.deleted, c.reverts,
    cells.map((cell) => [cell.op, cell.rowKey, cell.column, cell.oldValue, cell.newValue]),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * Takes the next link of the chain inside the write transaction. The UPDATE
 * locks the head row until commit (PostgreSQL) or conflicts (DuckDB), so two
 * changesets never claim the same predecessor.
 */
export async function claimChainLink(tx: SqlRunner, dialect: Dialect, schema: string): Promise<{ seq: number; prevHash: string }> {
  const q = renderSql(sql`UPDATE ${table(`${schema}.${AUDIT_TABLES.chainHead}`)} SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash`, dialect);
  const row = (await tx.query(q.sql, q.params)).rows[0];
  if (!row) throw new Error(`audit chain head missing in ${schema}.${AUDIT_TABLES.chainHead}`);
  return { seq: Number(row.seq), prevHash: String(row.last_hash) };
}

export async function advanceChainHead(tx: SqlRunner, dialect: Dialect, schema: string, hash: string): Promise<void> {
  const q = renderSql(sql`UPDATE ${table(`${schema}.${AUDIT_TABLES.chainHead}`)} SET last_hash = ${hash} WHERE id = 1`, dialect);
  await tx.query(q.sql, q.params);
}
