import { type Catalog, type CatalogTable, numberKeys } from '../catalog.js';
import type { Row, SqlRunner } from '../driver.js';

/**
 * The SQL type of a column as SQL Server prints it, from sys.columns
 * (`max_length` is in bytes, -1 for MAX; N-types take two bytes a character).
 */
const TYPE_NAME = `UPPER(CASE
  WHEN ty.name IN ('varchar', 'char', 'varbinary', 'binary') THEN ty.name + '(' + CASE WHEN c.max_length = -1 THEN 'MAX' ELSE CAST(c.max_length AS VARCHAR(10)) END + ')'
  WHEN ty.name IN ('nvarchar', 'nchar') THEN ty.name + '(' + CASE WHEN c.max_length = -1 THEN 'MAX' ELSE CAST(c.max_length / 2 AS VARCHAR(10)) END + ')'
  WHEN ty.name IN ('decimal', 'numeric') THEN ty.name + '(' + CAST(c.precision AS VARCHAR(10)) + ',' + CAST(c.scale AS VARCHAR(10)) + ')'
  WHEN ty.name IN ('datetime2', 'datetimeoffset', 'time') THEN ty.name + '(' + CAST(c.scale AS VARCHAR(10)) + ')'
  WHEN ty.name = 'timestamp' THEN 'rowversion'
  ELSE ty.name END)`;

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT']);

/**
 * The first number of an integer key Roundtrip numbers itself: a TINYINT,
 * SMALLINT, INT or BIGINT column whose DEFAULT constraint is a plain
 * integer, which SQL Server keeps wrapped in parentheses (`DEFAULT 2000001`
 * is `((2000001))` in sys.default_constraints). An IDENTITY column or a
 * sequence default (`(NEXT VALUE FOR …)`) is numbered by SQL Server, but
 * the check-then-apply write has no RETURNING (OUTPUT is not used) to read
 * the generated key back: such a key must be given by every insert.
 */
function integerDefault(row: Row): number | undefined {
  if (Number(row.is_identity) === 1 || !INTEGER_TYPES.has(String(row.data_type))) return undefined;
  const wrapped = /^(\(*)\s*(-?\d+)\s*(\)*)$/.exec(String(row.column_default ?? '').trim());
  if (!wrapped || wrapped[1]!.length !== wrapped[3]!.length) return undefined;
  const start = Number(wrapped[2]);
  return Number.isSafeInteger(start) ? start : undefined;
}

/**
 * Tables and views of every user schema: columns with their types (upper
 * case; a row version as ROWVERSION, not its old name TIMESTAMP), nullability, defaults (a DEFAULT, an IDENTITY, a computed or
 * row-version column: the warehouse fills them), primary keys, foreign keys,
 * CHECK constraints, and whether a security policy (row-level security)
 * filters the table. System-versioned history tables are left out: they are
 * written by SQL Server alone. A single integer key with a constant default
 * gets `numberFrom` (see `integerDefault`).
 */
export async function introspectSqlserver(runner: SqlRunner): Promise<Catalog> {
  const columns = await runner.query(`
    SELECT s.name AS schema_name, o.name AS table_name, c.name AS column_name, ${TYPE_NAME} AS data_type,
           CAST(COALESCE(t.temporal_type, 0) AS INT) AS temporal_type, CAST(c.is_nullable AS INT) AS is_nullable, dc.definition AS column_default, CAST(c.is_identity AS INT) AS is_identity,
           CAST(CASE WHEN c.default_object_id <> 0 OR c.is_identity = 1 OR c.is_computed = 1 OR ty.name = 'timestamp' OR c.generated_always_type <> 0 THEN 1 ELSE 0 END AS INT) AS has_default
      FROM sys.columns c
      JOIN sys.objects o ON o.object_id = c.object_id
      JOIN sys.schemas s ON s.schema_id = o.schema_id
      JOIN sys.types ty ON ty.user_type_id = c.user_type_id
      LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
      LEFT JOIN sys.tables t ON t.object_id = o.object_id
     WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0 AND s.name NOT IN ('sys', 'INFORMATION_SCHEMA')
       AND COALESCE(t.temporal_type, 0) <> 1
     ORDER BY s.name, o.name, c.column_id`);
  const keys = await runner.query(`
    SELECT s.name AS schema_name, o.name AS table_name, c.name AS column_name
      FROM sys.indexes i
      JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
      JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
      JOIN sys.objects o ON o.object_id = i.object_id
      JOIN sys.schemas s ON s.schema_id = o.schema_id
     WHERE i.is_primary_key = 1
     ORDER BY s.name, o.name, ic.key_ordinal`);
  const foreignKeys = await runner.query(`
    SELECT s.name AS schema_name, o.name AS table_name, fk.name AS name, pc.name AS column_name,
           rs.name AS ref_schema, ro.name AS ref_table, rc.name AS ref_column
      FROM sys.foreign_keys fk
      JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
      JOIN sys.objects o ON o.object_id = fk.parent_object_id
      JOIN sys.schemas s ON s.schema_id = o.schema_id
      JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
      JOIN sys.objects ro ON ro.object_id = fk.referenced_object_id
      JOIN sys.schemas rs ON rs.schema_id = ro.schema_id
      JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
     ORDER BY s.name, o.name, fk.name, fkc.constraint_column_id`);
  const checks = await runner.query(`
    SELECT s.name AS schema_name, o.name AS table_name, cc.name AS name, cc.definition AS definition
      FROM sys.check_constraints cc
      JOIN sys.objects o ON o.object_id = cc.parent_object_id
      JOIN sys.schemas s ON s.schema_id = o.schema_id`);
  const security = await runner.query(`
    SELECT DISTINCT s.name AS schema_name, o.name AS table_name
      FROM sys.security_predicates p
      JOIN sys.security_policies sp ON sp.object_id = p.object_id
      JOIN sys.objects o ON o.object_id = p.target_object_id
      JOIN sys.schemas s ON s.schema_id = o.schema_id
     WHERE sp.is_enabled = 1`);

  const tables = new Map<string, CatalogTable>();
  const starts = new Map<string, number>();
  const idOf = (row: Record<string, unknown>) => `${row.schema_name}.${row.table_name}`;
  for (const row of columns.rows) {
    let table = tables.get(idOf(row));
    if (!table) {
      table = { schema: String(row.schema_name), name: String(row.table_name), columns: [], primaryKey: [], rowLevelSecurity: false };
      // A system-versioned table (temporal_type 2) is read as of a past time with FOR SYSTEM_TIME AS OF.
      if (Number(row.temporal_type) === 2) table.timeTravel = true;
      tables.set(idOf(row), table);
    }
    table.columns.push({
      name: String(row.column_name),
      type: String(row.data_type),
      nullable: Number(row.is_nullable) === 1,
      hasDefault: Number(row.has_default) === 1,
    });
    const start = integerDefault(row);
    if (start !== undefined) starts.set(`${idOf(row)}.${row.column_name}`, start);
  }
  for (const row of keys.rows) tables.get(idOf(row))?.primaryKey.push(String(row.column_name));
  numberKeys(tables, starts);
  for (const row of foreignKeys.rows) {
    const table = tables.get(idOf(row));
    if (!table) continue;
    table.foreignKeys ??= [];
    let fk = table.foreignKeys.find((f) => f.name === row.name);
    if (!fk) {
      fk = { name: String(row.name), columns: [], references: { schema: String(row.ref_schema), table: String(row.ref_table), columns: [] } };
      table.foreignKeys.push(fk);
    }
    fk.columns.push(String(row.column_name));
    fk.references.columns.push(String(row.ref_column));
  }
  for (const row of checks.rows) {
    const table = tables.get(idOf(row));
    if (table) (table.checks ??= []).push({ name: String(row.name), definition: String(row.definition) });
  }
  for (const row of security.rows) {
    const table = tables.get(idOf(row));
    if (table) table.rowLevelSecurity = true;
  }
  return { tables: [...tables.values()] };
}
