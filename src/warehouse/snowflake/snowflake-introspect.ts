import type { Catalog, CatalogTable } from '../catalog.js';
import type { Row, SqlRunner } from '../driver.js';
import { foldName } from './snowflake-names.js';

/** Tables Snowflake does not update in place, with what to use instead. */
const READ_ONLY: Record<string, string> = {
  'EXTERNAL TABLE': 'external tables are read-only; use a standard table',
  'MATERIALIZED VIEW': 'materialized views are read-only; write to their base table',
};

/** The type as Snowflake spells it in DDL, upper case: `NUMBER(18,2)`, `VARCHAR(200)`, `TIMESTAMP_TZ`. */
function typeName(row: Row): string {
  const type = String(row.data_type).toUpperCase();
  if (type === 'NUMBER') return `NUMBER(${row.numeric_precision ?? 38},${row.numeric_scale ?? 0})`;
  if (type === 'TEXT') return row.character_maximum_length === null ? 'VARCHAR' : `VARCHAR(${row.character_maximum_length})`;
  return type;
}

/**
 * The first number of an integer key Roundtrip numbers itself: a NUMBER
 * column of scale 0 whose COLUMN_DEFAULT is a plain integer (Snowflake
 * prints `DEFAULT 2000001` as `2000001`). An AUTOINCREMENT/IDENTITY column
 * (IS_IDENTITY) or a sequence default (`SEQ.NEXTVAL`) is numbered by
 * Snowflake, but without RETURNING the check-then-apply write cannot read
 * the generated key back: such a key must be given by every insert.
 */
function integerDefault(row: Row): number | undefined {
  if (String(row.data_type).toUpperCase() !== 'NUMBER' || Number(row.numeric_scale ?? 0) !== 0 || row.is_identity === 'YES') return undefined;
  const literal = /^-?\d+$/.exec(String(row.column_default ?? '').trim())?.[0];
  return literal !== undefined && Number.isSafeInteger(Number(literal)) ? Number(literal) : undefined;
}

/**
 * Reads the current database's tables and columns from its
 * INFORMATION_SCHEMA. Names are folded (`foldName`: `BUDGET_LINES` is
 * `budget_lines`, a mixed-case `Amount` stays), as are the result columns
 * the rows are read by (`TABLE_SCHEMA` is `table_schema`). INFORMATION_SCHEMA
 * has no key columns, so primary keys (recorded, not enforced) come from
 * SHOW PRIMARY KEYS, whose columns are lower case. A single integer key
 * with a constant default gets `numberFrom` (see `integerDefault`).
 */
export async function introspectSnowflake(runner: SqlRunner, database: string): Promise<Catalog> {
  const notSystem = "TABLE_SCHEMA <> 'INFORMATION_SCHEMA'";
  const tables = await runner.query(`SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE ${notSystem} ORDER BY 1, 2`);
  const columns = await runner.query(
    'SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, COLUMN_DEFAULT, IS_IDENTITY ' +
      `FROM INFORMATION_SCHEMA.COLUMNS WHERE ${notSystem} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
  );
  const keys = await runner.query(`SHOW PRIMARY KEYS IN DATABASE "${database.replaceAll('"', '""')}"`);
  // Keyed by the names as stored: two stored names may fold alike.
  const found = new Map<string, { table: CatalogTable; defaults: Map<string, number> }>();
  for (const row of tables.rows) {
    const notWritable = READ_ONLY[String(row.table_type)];
    found.set(`${row.table_schema}.${row.table_name}`, {
      table: {
        schema: foldName(String(row.table_schema)),
        name: foldName(String(row.table_name)),
        columns: [],
        primaryKey: [],
        ...(notWritable ? { notWritable } : {}),
      },
      defaults: new Map(),
    });
  }
  for (const row of columns.rows) {
    const entry = found.get(`${row.table_schema}.${row.table_name}`);
    if (!entry) continue;
    const name = foldName(String(row.column_name));
    entry.table.columns.push({
      name,
      type: typeName(row),
      nullable: row.is_nullable === 'YES',
      hasDefault: row.column_default !== null || row.is_identity === 'YES',
    });
    const start = integerDefault(row);
    if (start !== undefined) entry.defaults.set(name, start);
  }
  const ordered = [...keys.rows].sort((a, b) => Number(a.key_sequence) - Number(b.key_sequence));
  for (const row of ordered) found.get(`${row.schema_name}.${row.table_name}`)?.table.primaryKey.push(foldName(String(row.column_name)));
  return {
    tables: [...found.values()].map(({ table, defaults }) => {
      const start = table.primaryKey.length === 1 ? defaults.get(table.primaryKey[0]!) : undefined;
      if (start === undefined) return table;
      return { ...table, columns: table.columns.map((c) => (c.name === table.primaryKey[0] ? { ...c, numberFrom: start } : c)) };
    }),
  };
}
