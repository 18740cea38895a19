import type { Catalog, CatalogTable } from '../catalog.js';
import type { SqlRunner } from '../driver.js';

/** Tables, views, columns (with modifiers), nullability and primary keys outside the system schemas. */
export async function introspectPostgres(runner: SqlRunner): Promise<Catalog> {
  const columns = await runner.query(`
    SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name,
           format_type(a.atttypid, a.atttypmod) AS data_type, NOT a.attnotnull AS is_nullable,
           (a.atthasdef OR a.attidentity <> '') AND a.attgenerated = '' AS has_default
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
  const constraints = await runner.query(`
    SELECT n.nspname AS schema_name, c.relname AS table_name, con.conname AS name, con.contype AS kind,
           pg_get_constraintdef(con.oid) AS definition,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
           rn.nspname AS ref_schema, rc.relname AS ref_table,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_class rc ON rc.oid = con.confrelid
      LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
     WHERE con.contype IN ('f', 'c') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`);
  // Read from the ACLs themselves: information_schema hides grants of roles the login role does not inherit.
  const privileges = await runner.query(`
    SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name,
           coalesce(g.rolname, 'PUBLIC') AS grantee, x.privilege_type
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL (SELECT * FROM aclexplode(a.attacl) UNION SELECT * FROM aclexplode(c.relacl)) x
      LEFT JOIN pg_roles g ON g.oid = x.grantee
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
       AND x.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')`);
  const security = await runner.query(`
    SELECT n.nspname AS schema_name, c.relname AS table_name, c.relrowsecurity AS rls
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`);
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
      nullable: row.is_nullable === true,
      hasDefault: row.has_default === true,
    });
  }
  const tableOf = (row: Record<string, unknown>) => tables.get(`${row.schema_name}.${row.table_name}`);
  for (const row of keys.rows) {
    const table = tableOf(row);
    if (table) table.primaryKey = row.key_columns as unknown as string[];
  }
  for (const row of constraints.rows) {
    const table = tableOf(row);
    if (!table) continue;
    if (row.kind === 'c') (table.checks ??= []).push({ name: String(row.name), definition: String(row.definition) });
    else {
      (table.foreignKeys ??= []).push({
        name: String(row.name),
        columns: row.columns as unknown as string[],
        references: { schema: String(row.ref_schema), table: String(row.ref_table), columns: row.ref_columns as unknown as string[] },
      });
    }
  }
  for (const row of privileges.rows) {
    const column = tableOf(row)?.columns.find((c) => c.name === row.column_name);
    if (column) (column.privileges ??= []).push({ grantee: String(row.grantee), privilege: String(row.privilege_type) });
  }
  for (const row of security.rows) {
    const table = tableOf(row);
    if (table) table.rowLevelSecurity = row.rls === true;
  }
  return { tables: [...tables.values()] };
}
