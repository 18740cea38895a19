import { type Catalog, type CatalogTable, numberKeys } from '../catalog.js';
import type { Row, SqlRunner } from '../driver.js';
import { parseDatabricksType } from './databricks-types.js';

/** Tables whose rows MERGE, UPDATE and DELETE change in place: Delta tables (https://docs.databricks.com/delta/). */
function writability(tableType: string, format: string): { notWritable?: string } {
  if (tableType === 'VIEW' || tableType === 'MATERIALIZED_VIEW') return {};
  if (format.toUpperCase() === 'DELTA') return {};
  return { notWritable: `${format || tableType} tables are not updated in place; use a Delta table` };
}

/**
 * The first number of an integer key Roundtrip numbers itself: a TINYINT,
 * SMALLINT, INT or BIGINT column whose column_default is a plain integer
 * (`DEFAULT 2000001` reads `2000001`). An identity column (GENERATED …
 * AS IDENTITY) is numbered by Databricks, but without RETURNING the write
 * cannot read the generated key back: such a key must be given by every
 * insert.
 */
function integerDefault(row: Row): number | undefined {
  if (row.is_identity === 'YES' || parseDatabricksType(String(row.full_data_type)).kind !== 'integer') return undefined;
  const literal = /^-?\d+$/.exec(String(row.column_default ?? '').trim())?.[0];
  return literal !== undefined && Number.isSafeInteger(Number(literal)) ? Number(literal) : undefined;
}

/**
 * Reads the tables and columns of every schema of `catalog` from its
 * INFORMATION_SCHEMA (Unity Catalog; rows limited to what the service
 * identity may use), and primary keys from TABLE_CONSTRAINTS and
 * KEY_COLUMN_USAGE: informational, Databricks does not enforce them. A
 * single integer key with a constant default gets `numberFrom` (see
 * `integerDefault`).
 * https://docs.databricks.com/sql/language-manual/sql-ref-information-schema
 */
export async function introspectDatabricks(runner: SqlRunner, catalog: string): Promise<Catalog> {
  const schema = `${runner.dialect.quoteIdent(catalog)}.information_schema`;
  const own = `table_schema <> 'information_schema'`;
  const tables = await runner.query(
    `SELECT table_schema, table_name, table_type, data_source_format FROM ${schema}.tables WHERE ${own} ORDER BY table_schema, table_name`,
  );
  const columns = await runner.query(
    `SELECT table_schema, table_name, column_name, full_data_type, is_nullable, column_default, is_identity FROM ${schema}.columns WHERE ${own} ORDER BY table_schema, table_name, ordinal_position`,
  );
  const keys = await runner.query(
    `SELECT k.table_schema, k.table_name, k.column_name FROM ${schema}.table_constraints AS c JOIN ${schema}.key_column_usage AS k
       ON k.constraint_catalog = c.constraint_catalog AND k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
     WHERE c.constraint_type = 'PRIMARY KEY' ORDER BY k.table_schema, k.table_name, k.ordinal_position`,
  );
  const found = new Map<string, CatalogTable>();
  const starts = new Map<string, number>();
  for (const row of tables.rows) {
    found.set(`${row.table_schema}.${row.table_name}`, {
      schema: String(row.table_schema),
      name: String(row.table_name),
      columns: [],
      primaryKey: [],
      ...writability(String(row.table_type ?? ''), String(row.data_source_format ?? '')),
    });
  }
  for (const row of columns.rows) {
    found.get(`${row.table_schema}.${row.table_name}`)?.columns.push({
      name: String(row.column_name),
      // Complex types keep their field names' case (STRUCT<orderId: INT>).
      type: String(row.full_data_type).includes('<') ? String(row.full_data_type) : String(row.full_data_type).toUpperCase(),
      nullable: row.is_nullable !== 'NO',
      hasDefault: row.column_default !== null || row.is_identity === 'YES',
    });
    const start = integerDefault(row);
    if (start !== undefined) starts.set(`${row.table_schema}.${row.table_name}.${row.column_name}`, start);
  }
  for (const row of keys.rows) found.get(`${row.table_schema}.${row.table_name}`)?.primaryKey.push(String(row.column_name));
  numberKeys(found, starts);
  return { tables: [...found.values()] };
}
