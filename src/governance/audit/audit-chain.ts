import { createHash } from 'node:crypto';
import type { AuditCell, AuditChangeset } from './audit-records.js';

/** The predecessor of the first changeset. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of one changeset: its content, every cell row and its
 * predecessor's hash. Editing, deleting or inserting any sealed audit row
 * breaks the chain from that changeset on (see `verifyAuditChain`).
 */
export function hashChangeset(changeset: Omit<AuditChangeset, 'hash'>, cells: readonly AuditCell[]): string {
  const c = changeset;
  const content = [
    c.seq,
    c.prevHash,
    c.changesetId,
    c.committedAt,
    c.userId,
    c.username,
    c.app,
    c.tableName,
    c.reason,
    c.idempotencyKey,
    c.requestHash,
    c.inserted,
    c.updated,
    c.deleted,
    c.reverts,
    cells.map((cell) => [cell.op, cell.rowKey, cell.column, cell.oldValue, cell.newValue]),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
