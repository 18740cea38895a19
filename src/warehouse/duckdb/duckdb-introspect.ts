import type { Catalog, CatalogTable } from '../catalog.js';
import type { SqlRunner } from '../driver.js';

/** Reads tables, columns and primary keys of the open DuckDB database (not its system schemas). */
export async function introspectDuckdb(runner: SqlRunner): Promise<Catalog> {
  const columns = await runner.query(
    `SELECT schema_name, table_name, column_name, data_type, is_nullable, column_default IS NOT NULL AS has_default
       FROM duckdb_columns()
      WHERE database_name = current_database() AND NOT internal
      ORDER BY schema_name, table_name, column_index`,
  );
  const keys = await runner.query(
    `SELECT schema_name, table_name, constraint_column_names
       FROM duckdb_constraints()
      WHERE database_name = current_database() AND constraint_type = 'PRIMARY KEY'`,
  );
  const tables = new Map<string, CatalogTable>();
  for (const row of columns.rows) {
    const id = `${row.schema_name}.${row.table_name}`;
    let table = tables.get(id);
    if (!table) {
      table = { schema: String(row.schema_name), name: String(row.table_name), columns: [], primaryKey: [] };
      tables.set(id, table);
    }
    table.columns.push({
      name: String(row.column_name),
      type: String(row.data_type).toUpperCase(),
      nullable: Boolean(row.is_nullable),
      hasDefault: row.has_default === true,
    });
  }
  for (const row of keys.rows) {
    const table = tables.get(`${row.schema_name}.${row.table_name}`);
    if (table) table.primaryKey = (row.constraint_column_names as unknown as string[]).map(String);
  }
  return { tables: [...tables.values()] };
}
