import type { Catalog, CatalogTable } from '../catalog.js';
import type { SqlRunner } from '../driver.js';

/** Tables, views, columns (with modifiers), nullability and primary keys outside the system schemas. */
export async function introspectPostgres(runner: SqlRunner): Promise<Catalog> {
  const columns = await runner.query(`
    SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name,
           format_type(a.atttypid, a.atttypmod) AS data_type, NOT a.attnotnull AS is_nullable
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     ORDER BY n.nspname, c.relname, a.attnum`);
  const keys = await runner.query(`
    SELECT n.nspname AS schema_name, c.relname AS table_name, array_agg(a.attname::text ORDER BY k.ord) AS key_columns
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
     WHERE i.indisprimary
     GROUP BY n.nspname, c.relname`);
  const tables = new Map<string, CatalogTable>();
  for (const row of columns.rows) {
    const id = `${row.schema_name}.${row.table_name}`;
    let table = tables.get(id);
    if (!table) {
      table = { schema: String(row.schema_name), name: String(row.table_name), columns: [], primaryKey: [] };
      tables.set(id, table);
    }
    table.columns.push({ name: String(row.column_name), type: String(row.data_type).toUpperCase(), nullable: row.is_nullable === true });
  }
  for (const row of keys.rows) {
    const table = tables.get(`${row.schema_name}.${row.table_name}`);
    if (table) table.primaryKey = row.key_columns as unknown as string[];
  }
  return { tables: [...tables.values()] };
}
