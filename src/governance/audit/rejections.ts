import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { renderSql, sql, table, valueAs } from '../../warehouse/sql.js';
import { AUDIT_TABLES } from './audit-schema.js';

export interface Rejection {
  username: string;
  app: string;
  tableName: string;
  /** The error code the user got (WB_CONFLICT, WB_VALIDATION, GOV_…). */
  code: string;
  changeCount: number;
  message: string;
}

/**
 * Records a refused changeset for the activity figures. It runs after the
 * refused transaction rolled back and never carries the refused values.
 */
export async function recordRejection(runner: SqlRunner, dialect: Dialect, schema: string, rejection: Rejection): Promise<void> {
  const r = rejection;
  const q = renderSql(
    sql`INSERT INTO ${table(`${schema}.${AUDIT_TABLES.rejections}`)} (rejected_at, username, app, table_name, code, change_count, message)
        VALUES (${valueAs(new Date().toISOString(), 'timestamp')}, ${r.username}, ${r.app}, ${r.tableName}, ${r.code}, ${r.changeCount}, ${r.message.slice(0, 500)})`,
    dialect,
  );
  await runner.query(q.sql, q.params);
}
