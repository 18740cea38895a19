import type { WarehouseDriver } from '../warehouse/driver.js';
import { column, type TableSpec } from '../warehouse/table-spec.js';
import { raw, runSql, sql } from '../warehouse/sql.js';

/** The system-store table of revoked embeddings: tokens signed (iat) at or before `revoked_before` are refused. */
export const EMBED_REVOCATIONS_TABLE = 'embed_revocations';

export const EMBED_REVOCATIONS_TABLE_SPEC: TableSpec = {
  name: EMBED_REVOCATIONS_TABLE,
  columns: [column.text('embedding', true), column.bigint('revoked_before', true)],
  primaryKey: ['embedding'],
};

/** When the embedding was last revoked (ms since the epoch), or undefined. Read at every token exchange, so every server agrees. */
export async function revokedBefore(system: WarehouseDriver, embedding: string): Promise<number | undefined> {
  const { rows } = await runSql(system, sql`SELECT revoked_before FROM ${raw(EMBED_REVOCATIONS_TABLE)} WHERE embedding = ${embedding}`);
  return rows[0] ? Number(rows[0].revoked_before) : undefined;
}

/** Records a revocation at `now`; returns the usernames of the embedding's viewers, whose sessions the caller ends. */
export async function recordRevocation(system: WarehouseDriver, embedding: string, now: number): Promise<string[]> {
  await system.transaction(async (tx) => {
    await runSql(tx, sql`DELETE FROM ${raw(EMBED_REVOCATIONS_TABLE)} WHERE embedding = ${embedding}`);
    await runSql(tx, sql`INSERT INTO ${raw(EMBED_REVOCATIONS_TABLE)} VALUES (${embedding}, ${now})`);
  });
  const { rows } = await system.query(`SELECT username FROM users WHERE source = 'embed'`);
  return rows.map((r) => String(r.username)).filter((username) => username.startsWith(`${embedding}:`));
}
