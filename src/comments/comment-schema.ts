import type { WarehouseDriver } from '../warehouse/driver.js';

/** The comments table, in the project's audit schema next to the audit tables. Documented in README (Comments). */
export const COMMENTS_TABLE = 'row_comments';

/** Creates the comments table when missing (same types on DuckDB and PostgreSQL, as the audit tables). */
export async function ensureCommentsTable(driver: WarehouseDriver, schema: string): Promise<void> {
  const { dialect } = driver;
  const text = dialect.textType;
  await driver.query(`CREATE SCHEMA IF NOT EXISTS ${dialect.quoteIdent(schema)}`);
  await driver.query(`CREATE TABLE IF NOT EXISTS ${dialect.quoteIdent(schema)}.${dialect.quoteIdent(COMMENTS_TABLE)} (
    comment_id ${text} PRIMARY KEY,
    app ${text} NOT NULL,
    table_name ${text} NOT NULL,
    row_key ${text} NOT NULL,
    user_id ${text} NOT NULL,
    display_name ${text} NOT NULL,
    created_at ${dialect.timestampType} NOT NULL,
    body ${text} NOT NULL,
    mentions ${text} NOT NULL
  )`);
}
