import { AppError } from '../../errors/index.js';
import { spellType, type TypeSpelling } from '../spell-type.js';
import type { ColumnType } from '../column-type.js';
import type { Dialect, StagedColumn, StagedValue } from '../dialect.js';
import { ident, join, param, raw, sql, type SqlFragment } from '../sql.js';
import type { NeutralType, TableSpec } from '../table-spec.js';
import { parseDatabricksType } from './databricks-types.js';

/** Backticks, doubled inside (https://docs.databricks.com/sql/language-manual/sql-ref-identifiers). */
function quoteIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** `table`, `schema.table` or `catalog.schema.table`, each part quoted. */
function quoteTable(qualifiedName: string): string {
  return qualifiedName.split('.').map(quoteIdent).join('.');
}

/** A SQL string literal of trusted text (a type name): Databricks reads `\` as an escape inside quotes. */
function sqlString(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

/** Databricks SQL's type names (STRING: a bare VARCHAR has no length there). */
const SPELLING: TypeSpelling = {
  string: () => 'STRING',
  integer: (bits) => (bits === 8 ? 'TINYINT' : bits === 16 ? 'SMALLINT' : bits === 32 ? 'INT' : 'BIGINT'),
  decimal: (precision, scale) => `DECIMAL(${precision},${scale})`,
  float: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: (withTimeZone) => (withTimeZone ? 'TIMESTAMP' : 'TIMESTAMP_NTZ'),
};

/**
 * Text (a bound parameter or a staged cell) as a value of `type`. Types a
 * string does not CAST to are read the way the driver hands them out:
 * ARRAY, MAP and STRUCT as JSON (`from_json`), VARIANT as JSON
 * (`parse_json`), BINARY as base64 (`unbase64`).
 */
function castText(expr: string, type: ColumnType): string {
  if (type.kind !== 'other') return `CAST(${expr} AS ${spellType(type, SPELLING)})`;
  const name = type.sql.trim().toUpperCase();
  if (/^(ARRAY|MAP|STRUCT)\s*</.test(name)) return `from_json(${expr}, ${sqlString(type.sql)})`;
  if (name === 'VARIANT') return `parse_json(${expr})`;
  if (name === 'BINARY') return `unbase64(${expr})`;
  return `CAST(${expr} AS ${type.sql})`;
}

const TYPES: Record<NeutralType, string> = {
  text: 'STRING',
  integer: 'INT',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

function unsupported(what: string): never {
  throw new AppError('DRV_UNSUPPORTED', `Databricks has no ${what}; the caller must check the driver's capabilities first.`);
}

/**
 * Staged rows travel as ONE string parameter, a JSON array of rows (each an
 * array of text or null), unpacked by `explode(from_json(…))` and each cell
 * cast to its column's type: the statement's text and its one parameter stay
 * the same whatever the row count.
 */
function stagedRows(columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment {
  const json = JSON.stringify(rows.map((row) => columns.map((_, i) => row[i] ?? null)));
  const casts = columns.map((c, i) => sql`${raw(castText(`r[${i}]`, c.type))} AS ${ident(c.name)}`);
  return sql`(SELECT ${join(casts, ', ')} FROM (SELECT explode(from_json(${param(json)}, 'array<array<string>>')) AS r)) AS ${ident(alias)}`;
}

/** The staged relation `s` of `byKey` statements: key columns `k0…`, then values `v0…` (a key column may also be written). */
function byKeyStage(key: readonly StagedColumn[], columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  return stagedRows([...key.map((c, i) => ({ name: `k${i}`, type: c.type })), ...columns.map((c, i) => ({ name: `v${i}`, type: c.type }))], rows, 's');
}

function keyMatch(key: readonly StagedColumn[]): SqlFragment {
  return join(
    key.map((c, i) => sql`${ident('t')}.${ident(c.name)} = ${ident('s')}.${ident(`k${i}`)}`),
    ' AND ',
  );
}

/**
 * Delta tables take one MERGE for both (https://docs.databricks.com/sql/language-manual/delta-merge-into):
 * a staged row matching a target row updates or deletes it. Core stages each
 * key once, so no target row meets two source rows (which MERGE refuses).
 */
function updateByKey(table: string, key: readonly StagedColumn[], columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  const set = join(
    columns.map((c, i) => sql`${ident('t')}.${ident(c.name)} = ${ident('s')}.${ident(`v${i}`)}`),
    ', ',
  );
  return sql`MERGE INTO ${raw(quoteTable(table))} AS ${ident('t')} USING ${byKeyStage(key, columns, rows)} ON ${keyMatch(key)} WHEN MATCHED THEN UPDATE SET ${set}`;
}

function deleteByKey(table: string, key: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  return sql`MERGE INTO ${raw(quoteTable(table))} AS ${ident('t')} USING ${byKeyStage(key, [], rows)} ON ${keyMatch(key)} WHEN MATCHED THEN DELETE`;
}

/**
 * A Delta table. Unity Catalog records a PRIMARY KEY as an informational
 * constraint (not enforced; its columns must be NOT NULL); the Hive
 * metastore has none, and Databricks has no UNIQUE constraints or secondary
 * indexes: those parts of a spec are left to the write strategy that
 * serialises writes (src/writeback/README.md).
 * https://docs.databricks.com/tables/constraints
 */
function createTableWith(informationalKeys: boolean) {
  return (spec: TableSpec): string[] => {
    const name = spec.schema ? `${quoteTable(spec.schema)}.${quoteIdent(spec.name)}` : quoteIdent(spec.name);
    const keys = new Set(spec.primaryKey ?? []);
    const parts = spec.columns.map((c) => `${quoteIdent(c.name)} ${TYPES[c.type]}${c.notNull || keys.has(c.name) ? ' NOT NULL' : ''}`);
    if (informationalKeys && spec.primaryKey?.length)
      parts.push(`CONSTRAINT ${quoteIdent(`${spec.name}_pk`)} PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')})`);
    return [`CREATE TABLE IF NOT EXISTS ${name} (\n  ${parts.join(',\n  ')}\n) USING DELTA`];
  };
}

export interface DatabricksDialectOptions {
  /** The schema unqualified tables resolve to (the session's initial schema). */
  schema: string;
  /** The catalog is a Unity Catalog one (not `hive_metastore`): primary keys are recorded as informational constraints. */
  unityCatalog: boolean;
}

/** Databricks SQL's rules: backticks, named `:pN` parameter markers, `<=>`, MERGE, Delta time travel. */
export const databricksDialect = (options: DatabricksDialectOptions): Dialect => ({
  name: 'databricks',
  defaultSchema: options.schema,
  quoteIdent,
  quoteTable,
  // Named markers (https://docs.databricks.com/sql/language-manual/sql-ref-parameter-marker): the driver binds `pN`.
  placeholder: (index) => `:p${index}`,
  castParam: castText,
  parseType: parseDatabricksType,
  nullSafeEquals: (left, right) => sql`${left} <=> ${right}`,
  returning: () => unsupported('RETURNING clause'),
  onConflictDoNothing: () => unsupported('enforced unique keys (ON CONFLICT)'),
  limitOffset: (limit, offset) => sql`LIMIT ${limit} OFFSET ${offset}`,
  // A substring search, not a pattern: no character of the needle is special.
  containsInsensitive: (text, needle) => sql`instr(lower(${text}), lower(${needle})) > 0`,
  stagedRows,
  updateByKey,
  deleteByKey,
  castToText: (expr) => sql`CAST(${expr} AS STRING)`,
  definitely: (predicate) => sql`COALESCE(${predicate}, FALSE)`,
  flag: (predicate) => sql`CAST(${predicate} AS BOOLEAN)`,
  alwaysTrue: 'TRUE',
  alwaysFalse: 'FALSE',
  booleanValue: (value) => (value ? 'TRUE' : 'FALSE'),
  // Delta time travel (https://docs.databricks.com/delta/history#delta-time-travel-syntax).
  tableAsOf: (table, at) => sql`${table} TIMESTAMP AS OF ${at}`,
  typeName: (type) => TYPES[type],
  createSchema: (schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteTable(schema)}`,
  createTable: createTableWith(options.unityCatalog),
  textType: TYPES.text,
  timestampType: TYPES.timestamp,
});
