import type { WarehouseDriver } from '../../warehouse/driver.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { GENESIS_HASH } from './audit-chain.js';
import { runSql, sql } from '../../warehouse/sql.js';

const { text, integer, bigint, timestamp } = column;

/** Table names inside the project's audit schema. Documented in README (Audit trail). */
export const AUDIT_TABLES = { changesets: 'changesets', cellChanges: 'cell_changes', chainHead: 'chain_head', rejections: 'rejections' } as const;

/**
 * Changesets are committed unsealed (no chain position or hash yet) and
 * linked into the hash chain right after by the sealer. Audit schemas created
 * before that required the chain columns at insert: relax them.
 */
export async function allowUnsealedChangesets(driver: WarehouseDriver, schema: string): Promise<void> {
  const { rows } = await runSql(
    driver,
    sql`SELECT column_name FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name = ${AUDIT_TABLES.changesets} AND column_name IN ('seq', 'prev_hash', 'hash') AND is_nullable = 'NO'`,
  );
  const q = `${driver.dialect.quoteIdent(schema)}.${driver.dialect.quoteIdent(AUDIT_TABLES.changesets)}`;
  for (const row of rows) await driver.query(`ALTER TABLE ${q} ALTER COLUMN ${driver.dialect.quoteIdent(String(row.column_name))} DROP NOT NULL`);
}

/** The audit tables. They live in the warehouse holding the audited tables, so each changeset and its audit rows commit together. */
export function auditTableSpecs(schema: string): TableSpec[] {
  return [
    {
      schema,
      name: AUDIT_TABLES.changesets,
      columns: [
        text('changeset_id', true),
        timestamp('committed_at', true),
        text('user_id', true),
        text('username', true),
        text('app', true),
        text('table_name', true),
        text('reason'),
        text('idempotency_key'),
        text('request_hash', true),
        integer('inserted', true),
        integer('updated', true),
        integer('deleted', true),
        { name: 'seq', type: 'bigint', unique: true },
        text('prev_hash'),
        text('hash'),
        text('reverts'),
      ],
      primaryKey: ['changeset_id'],
      unique: [['user_id', 'idempotency_key']],
    },
    // One row: the newest link of the hash chain. Only the sealer updates it, so appends never wait on it.
    { schema, name: AUDIT_TABLES.chainHead, columns: [integer('id', true), bigint('seq', true), text('last_hash', true)], primaryKey: ['id'] },
    {
      schema,
      name: AUDIT_TABLES.rejections,
      columns: [
        timestamp('rejected_at', true),
        text('username', true),
        text('app', true),
        text('table_name', true),
        text('code', true),
        integer('change_count', true),
        text('message', true),
      ],
    },
    {
      schema,
      name: AUDIT_TABLES.cellChanges,
      columns: [
        text('changeset_id', true),
        integer('seq', true),
        text('op', true),
        text('table_name', true),
        text('row_key', true),
        text('column_name', true),
        text('old_value'),
        text('new_value'),
      ],
      primaryKey: ['changeset_id', 'seq'],
    },
  ];
}

/** The chain's first link, when the head has none yet. */
export async function startAuditChain(driver: WarehouseDriver, schema: string): Promise<void> {
  const head = `${driver.dialect.quoteIdent(schema)}.${driver.dialect.quoteIdent(AUDIT_TABLES.chainHead)}`;
  await driver.query(`INSERT INTO ${head} (id, seq, last_hash) SELECT 1, 0, '${GENESIS_HASH}' WHERE NOT EXISTS (SELECT 1 FROM ${head})`);
}
