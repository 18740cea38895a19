import type { WarehouseDriver } from '../warehouse/driver.js';
import { renderSql, sql, table, valueAs } from '../warehouse/sql.js';
import { column, type TableSpec } from '../warehouse/table-spec.js';

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

/** Created by the warehouse migrations (runtime/migrations). */
export function exportsTableSpec(schema: string): TableSpec {
  const { text, integer, timestamp } = column;
  return {
    schema,
    name: EXPORTS_TABLE,
    columns: [
      timestamp('exported_at', true),
      text('username', true),
      text('app', true),
      text('export_name', true),
      text('params', true),
      text('file_name', true),
      integer('files', true),
    ],
  };
}

/** Records one export run (the activity app reads these). */
export async function recordExport(driver: WarehouseDriver, schema: string, record: ExportRecord): Promise<void> {
  const q = renderSql(
    sql`INSERT INTO ${table(`${schema}.${EXPORTS_TABLE}`)} (exported_at, username, app, export_name, params, file_name, files)
        VALUES (${valueAs(new Date().toISOString(), 'timestamp')}, ${record.username}, ${record.app}, ${record.exportName}, ${JSON.stringify(record.params)}, ${record.fileName}, ${valueAs(record.files, 'integer')})`,
    driver.dialect,
  );
  await driver.query(q.sql, q.params);
}
