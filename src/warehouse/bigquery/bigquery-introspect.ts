import { type Catalog, type CatalogTable, numberKeys } from '../catalog.js';
import type { SqlRunner } from '../driver.js';

/** Table types BigQuery cannot change rows of: external tables read files, snapshots are read-only. */
const READ_ONLY: Record<string, string> = {
  EXTERNAL: 'external tables are read-only in BigQuery; load the data into a native table',
  SNAPSHOT: 'table snapshots are read-only; clone the snapshot into a table',
};

/**
 * The first number of an INT64 key Roundtrip numbers itself: its
 * column_default is a plain integer (`DEFAULT 2000001` reads `2000001`).
 * BigQuery has no sequences or identity columns; a key with any other
 * default (an expression) must be given by every insert, since without
 * RETURNING the check-then-apply write cannot read a generated key back.
 */
function integerDefault(dataType: string, fallback: string): number | undefined {
  if (dataType.toUpperCase() !== 'INT64') return undefined;
  const literal = /^-?\d+$/.exec(fallback)?.[0];
  return literal !== undefined && Number.isSafeInteger(Number(literal)) ? Number(literal) : undefined;
}

/**
 * Reads tables, columns (types as BigQuery prints them, upper case, e.g.
 * `NUMERIC(18, 2)`), nullability, defaults and primary keys (declared NOT
 * ENFORCED; BigQuery records them in TABLE_CONSTRAINTS; a single INT64 key
 * with a constant default gets `numberFrom`, see `integerDefault`) from
 * the dataset's INFORMATION_SCHEMA views. Only the default dataset: the
 * constraint views answer per dataset only (they take no region qualifier).
 * Pseudo columns such as `_PARTITIONTIME` are left out.
 */
export async function introspectBigquery(runner: SqlRunner, projectId: string, dataset: string): Promise<Catalog> {
  const q = runner.dialect.quoteIdent;
  const view = (name: string) => `${q(projectId)}.${q(dataset)}.INFORMATION_SCHEMA.${name}`;
  const tables = await runner.query(`SELECT table_schema, table_name, table_type FROM ${view('TABLES')} ORDER BY table_schema, table_name`);
  const columns = await runner.query(
    `SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default FROM ${view('COLUMNS')} WHERE is_hidden = 'NO' ORDER BY table_schema, table_name, ordinal_position`,
  );
  const keys = await runner.query(
    `SELECT k.table_schema, k.table_name, k.column_name FROM ${view('KEY_COLUMN_USAGE')} AS k JOIN ${view('TABLE_CONSTRAINTS')} AS c
      ON c.constraint_catalog = k.constraint_catalog AND c.constraint_schema = k.constraint_schema AND c.constraint_name = k.constraint_name
      WHERE c.constraint_type = 'PRIMARY KEY' ORDER BY k.table_schema, k.table_name, k.ordinal_position`,
  );
  const found = new Map<string, CatalogTable>();
  const starts = new Map<string, number>();
  for (const row of tables.rows) {
    const notWritable = READ_ONLY[String(row.table_type)];
    found.set(`${row.table_schema}.${row.table_name}`, {
      schema: String(row.table_schema),
      name: String(row.table_name),
      columns: [],
      primaryKey: [],
      ...(notWritable ? { notWritable } : {}),
    });
  }
  for (const row of columns.rows) {
    // column_default is the text `NULL` when the column has no default.
    const fallback = row.column_default === null ? 'NULL' : String(row.column_default).trim();
    found.get(`${row.table_schema}.${row.table_name}`)?.columns.push({
      name: String(row.column_name),
      type: String(row.data_type).toUpperCase(),
      nullable: row.is_nullable === 'YES',
      hasDefault: fallback.toUpperCase() !== 'NULL',
    });
    const start = integerDefault(String(row.data_type), fallback);
    if (start !== undefined) starts.set(`${row.table_schema}.${row.table_name}.${row.column_name}`, start);
  }
  for (const row of keys.rows) found.get(`${row.table_schema}.${row.table_name}`)?.primaryKey.push(String(row.column_name));
  numberKeys(found, starts);
  return { tables: [...found.values()] };
}
