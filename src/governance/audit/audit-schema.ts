import type { WarehouseDriver } from '../../warehouse/driver.js';

/** Table names inside the project's audit schema. Documented in README (Audit trail). */
export const AUDIT_TABLES = { changesets: 'changesets', cellChanges: 'cell_changes' } as const;

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
    UNIQUE (user_id, idempotency_key)
  )`);
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
