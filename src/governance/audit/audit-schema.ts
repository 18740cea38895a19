import type { WarehouseDriver } from '../../warehouse/driver.js';
import { GENESIS_HASH } from './audit-chain.js';

/** Table names inside the project's audit schema. Documented in README (Audit trail). */
export const AUDIT_TABLES = { changesets: 'changesets', cellChanges: 'cell_changes', chainHead: 'chain_head', rejections: 'rejections' } as const;

/**
 * Changesets are committed unsealed (no chain position or hash yet) and
 * linked into the hash chain right after by the sealer. Audit schemas created
 * before that required the chain columns at insert: relax them.
 */
async function allowUnsealedChangesets(driver: WarehouseDriver, schema: string): Promise<void> {
  const { rows } = await driver.query(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2 AND column_name IN ('seq', 'prev_hash', 'hash') AND is_nullable = 'NO'`,
    [schema, AUDIT_TABLES.changesets],
  );
  const q = `${driver.dialect.quoteIdent(schema)}.${driver.dialect.quoteIdent(AUDIT_TABLES.changesets)}`;
  for (const row of rows) await driver.query(`ALTER TABLE ${q} ALTER COLUMN ${driver.dialect.quoteIdent(String(row.column_name))} DROP NOT NULL`);
}

/**
 * Creates the audit tables when missing. They live in the warehouse holding the
 * audited tables, so each changeset and its audit rows commit together.
 */
export async function ensureAuditSchema(driver: WarehouseDriver, schema: string): Promise<void> {
  const { dialect } = driver;
  const q = (name: string) => `${dialect.quoteIdent(schema)}.${dialect.quoteIdent(name)}`;
  const text = dialect.textType;
  await driver.query(`CREATE SCHEMA IF NOT EXISTS ${dialect.quoteIdent(schema)}`);
  await driver.query(`CREATE TABLE IF NOT EXISTS ${q(AUDIT_TABLES.changesets)} (
    changeset_id ${text} PRIMARY KEY,
    committed_at ${dialect.timestampType} NOT NULL,
    user_id ${text} NOT NULL,
    username ${text} NOT NULL,
    app ${text} NOT NULL,
    table_name ${text} NOT NULL,
    reason ${text},
    idempotency_key ${text},
    request_hash ${text} NOT NULL,
    inserted INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    seq BIGINT UNIQUE,
    prev_hash ${text},
    hash ${text},
    reverts ${text},
    UNIQUE (user_id, idempotency_key)
  )`);
  await allowUnsealedChangesets(driver, schema);
  // One row: the newest link of the hash chain. Only the sealer updates it, so appends never wait on it.
  await driver.query(`CREATE TABLE IF NOT EXISTS ${q(AUDIT_TABLES.chainHead)} (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    last_hash ${text} NOT NULL
  )`);
  await driver.query(`CREATE TABLE IF NOT EXISTS ${q(AUDIT_TABLES.rejections)} (
    rejected_at ${dialect.timestampType} NOT NULL,
    username ${text} NOT NULL,
    app ${text} NOT NULL,
    table_name ${text} NOT NULL,
    code ${text} NOT NULL,
    change_count INTEGER NOT NULL,
    message ${text} NOT NULL
  )`);
  await driver.query(
    `INSERT INTO ${q(AUDIT_TABLES.chainHead)} (id, seq, last_hash) SELECT 1, 0, '${GENESIS_HASH}' WHERE NOT EXISTS (SELECT 1 FROM ${q(AUDIT_TABLES.chainHead)})`,
  );
  await driver.query(`CREATE TABLE IF NOT EXISTS ${q(AUDIT_TABLES.cellChanges)} (
    changeset_id ${text} NOT NULL,
    seq INTEGER NOT NULL,
    op ${text} NOT NULL,
    table_name ${text} NOT NULL,
    row_key ${text} NOT NULL,
    column_name ${text} NOT NULL,
    old_value ${text},
    new_value ${text},
    PRIMARY KEY (changeset_id, seq)
  )`);
}
