import { AppError } from '../errors/index.js';
import { AUDIT_TABLES } from '../governance/audit/index.js';
import type { WarehouseDriver } from '../warehouse/driver.js';
import { renderSql, sql, table } from '../warehouse/sql.js';
import type { ChangesetResult } from './changeset-schema.js';

/**
 * An earlier changeset of this user with the same idempotency key: returned
 * as-is when the request is the same, refused when the key was reused for another.
 */
export async function findReplay(
  driver: WarehouseDriver,
  auditSchema: string,
  userId: string,
  idempotencyKey: string,
  requestHash: string,
): Promise<ChangesetResult | undefined> {
  const q = renderSql(
    sql`SELECT changeset_id, request_hash, inserted + updated + deleted AS applied FROM ${table(`${auditSchema}.${AUDIT_TABLES.changesets}`)}
         WHERE user_id = ${userId} AND idempotency_key = ${idempotencyKey}`,
    driver.dialect,
  );
  const row = (await driver.query(q.sql, q.params)).rows[0];
  if (!row) return undefined;
  if (row.request_hash !== requestHash) {
    throw new AppError('WB_IDEMPOTENCY_REUSED', 'This idempotency key was already used for a different changeset; use a new key.', {
      changesetId: row.changeset_id,
    });
  }
  return { changesetId: String(row.changeset_id), applied: Number(row.applied), replayed: true };
}
