import type { WarehouseDriver } from '../warehouse/driver.js';

/** Table names inside the project's audit schema. Documented in README (Workflows: approval chains). */
export const APPROVAL_TABLES = { requests: 'approval_requests', steps: 'approval_steps' } as const;

/** The system-store table of approval delegations. */
export const DELEGATIONS_TABLE = 'approval_delegations';

/**
 * Creates the approval tables when missing, in the warehouse's audit schema
 * next to the changesets, so that approval cycles can be queried with SQL
 * together with the changes they led to. Portable SQL (DuckDB, PostgreSQL).
 */
export async function ensureApprovalTables(warehouse: WarehouseDriver, schema: string): Promise<void> {
  const { dialect } = warehouse;
  const q = (name: string) => `${dialect.quoteIdent(schema)}.${dialect.quoteIdent(name)}`;
  const text = dialect.textType;
  const time = dialect.timestampType;
  await warehouse.query(`CREATE SCHEMA IF NOT EXISTS ${dialect.quoteIdent(schema)}`);
  await warehouse.query(`CREATE TABLE IF NOT EXISTS ${q(APPROVAL_TABLES.requests)} (
    request_id ${text} PRIMARY KEY,
    app ${text} NOT NULL,
    table_name ${text} NOT NULL,
    submitted_by ${text} NOT NULL,
    submitted_at ${time} NOT NULL,
    status ${text} NOT NULL,
    amount DOUBLE PRECISION NOT NULL,
    route ${text} NOT NULL,
    current_level INTEGER NOT NULL,
    changes ${text} NOT NULL,
    reason ${text},
    resubmits ${text} UNIQUE,
    changeset_id ${text},
    updated_at ${time} NOT NULL
  )`);
  await warehouse.query(`CREATE TABLE IF NOT EXISTS ${q(APPROVAL_TABLES.steps)} (
    request_id ${text} NOT NULL,
    seq INTEGER NOT NULL,
    action ${text} NOT NULL,
    level ${text},
    actor ${text} NOT NULL,
    on_behalf_of ${text},
    acted_at ${time} NOT NULL,
    comment ${text},
    PRIMARY KEY (request_id, seq)
  )`);
}

/** Creates the delegations table in the system store when missing (one delegation per delegator). */
export async function ensureDelegationsTable(system: WarehouseDriver): Promise<void> {
  await system.query(`CREATE TABLE IF NOT EXISTS ${DELEGATIONS_TABLE} (
    delegator VARCHAR PRIMARY KEY, delegate VARCHAR NOT NULL, until_at BIGINT NOT NULL, created_at BIGINT NOT NULL)`);
}
