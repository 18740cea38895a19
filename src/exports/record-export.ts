import type { WarehouseDriver } from '../warehouse/driver.js';
import { renderSql, sql, table } from '../warehouse/sql.js';

/** The audit table of exports, next to the changesets: who exported what, when. */
export const EXPORTS_TABLE = 'exports';

export interface ExportRecord {
  username: string;
  app: string;
  exportName: string;
  params: Record<string, unknown>;
  fileName: string;
  /** Files produced (a pack has one per value). */
  files: number;
}

export async function ensureExportsTable(driver: WarehouseDriver, schema: string): Promise<void> {
  const { dialect } = driver;
  const text = dialect.textType;
  await driver.query(`CREATE TABLE IF NOT EXISTS ${dialect.quoteIdent(schema)}.${dialect.quoteIdent(EXPORTS_TABLE)} (
    exported_at ${dialect.timestampType} NOT NULL,
    username ${text} NOT NULL,
    app ${text} NOT NULL,
    export_name ${text} NOT NULL,
    params ${text} NOT NULL,
    file_name ${text} NOT NULL,
    files INTEGER NOT NULL
  )`);
}

/** Records one export run (the activity app reads these). */
export async function recordExport(driver: WarehouseDriver, schema: string, record: ExportRecord): Promise<void> {
  const q = renderSql(
    sql`INSERT INTO ${table(`${schema}.${EXPORTS_TABLE}`)} (exported_at, username, app, export_name, params, file_name, files)
        VALUES (CAST(${new Date().toISOString()} AS TIMESTAMPTZ), ${record.username}, ${record.app}, ${record.exportName}, ${JSON.stringify(record.params)}, ${record.fileName}, CAST(${record.files} AS INTEGER))`,
    driver.dialect,
  );
  await driver.query(q.sql, q.params);
}
