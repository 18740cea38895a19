import type { ColumnType } from './column-type.js';
import type { Dialect, StagedColumn, StagedValue } from './dialect.js';
import { parseSqlType } from './parse-sql-type.js';
import { ident, join, param, raw, sql, type SqlFragment } from './sql.js';
import type { NeutralType, TableSpec } from './table-spec.js';

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * How a dialect turns one column's staged values into a bound parameter and
 * the SQL expression that reads that parameter as a list of text values.
 */
export interface TextListBinding {
  /** The parameter value carrying `values`. */
  encode(values: readonly StagedValue[]): unknown;
  /** SQL reading the bound list as a text array, e.g. `CAST(${p} AS TEXT[])`. */
  asTextArray(placeholder: SqlFragment): SqlFragment;
  /** A relation of the arrays zipped into rows, its columns named `names`. */
  zip(arrays: readonly SqlFragment[], names: readonly string[]): SqlFragment;
}

/**
 * Up to this many rows are staged as a `VALUES` list of bound values (one
 * parameter per cell): cheaper for the warehouse to plan and run than
 * unpacking lists, and the common case (one edited cell, a small form).
 */
const INLINE_ROWS = 8;

/**
 * `stagedRows` over one bound text list per column, zipped and cast to each
 * column's type; a few rows as `VALUES`. Either way the statement's size
 * does not grow past a fixed number of parameters per column.
 */
function stagedRowsWith(binding: TextListBinding) {
  return (columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment => {
    if (rows.length > 0 && rows.length <= INLINE_ROWS) {
      const tuples = rows.map(
        (row) =>
          sql`(${join(
            columns.map((c, i) => sql`CAST(${param(row[i] ?? null)} AS ${raw(c.type.sql)})`),
            ', ',
          )})`,
      );
      return sql`(VALUES ${join(tuples, ', ')}) AS ${ident(alias)}(${join(
        columns.map((c) => ident(c.name)),
        ', ',
      )})`;
    }
    const names = columns.map((_, i) => `c${i}`);
    const arrays = columns.map((_, i) => binding.asTextArray(param(binding.encode(rows.map((row) => row[i] ?? null)))));
    const casts = columns.map((c, i) => sql`CAST(${ident(names[i]!)} AS ${raw(c.type.sql)}) AS ${ident(c.name)}`);
    return sql`(SELECT ${join(casts, ', ')} FROM ${binding.zip(arrays, names)}) AS ${ident(alias)}`;
  };
}

/** Staged columns renamed `k0…`/`v0…`, so that a key column may also be written. */
function byKeyStage(key: readonly StagedColumn[], columns: readonly StagedColumn[]) {
  return [...key.map((c, i) => ({ name: `k${i}`, type: c.type })), ...columns.map((c, i) => ({ name: `v${i}`, type: c.type }))];
}

function keyJoin(key: readonly StagedColumn[]): SqlFragment {
  return join(
    key.map((c, i) => sql`${ident('t')}.${ident(c.name)} = ${ident('s')}.${ident(`k${i}`)}`),
    ' AND ',
  );
}

/** An ILIKE pattern matching `needle` anywhere, literally: `\` escapes the wildcards `%` and `_`, and itself. */
function containsPattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, '\\$&')}%`;
}

const TYPES: Record<NeutralType, string> = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
};

/**
 * ANSI DDL for a spec with double-quoted names and `types`: the table with
 * its keys and unique constraints, then its indexes where the engine has
 * secondary indexes (`indexes`).
 */
export function ansiCreateTable(types: Record<NeutralType, string>, indexes = true) {
  return (spec: TableSpec): string[] => {
    const name = spec.schema ? `${quoteIdent(spec.schema)}.${quoteIdent(spec.name)}` : quoteIdent(spec.name);
    const list = (columns: readonly string[]) => columns.map(quoteIdent).join(', ');
    const parts = [
      ...spec.columns.map((c) => `${quoteIdent(c.name)} ${types[c.type]}${c.notNull ? ' NOT NULL' : ''}${c.unique ? ' UNIQUE' : ''}`),
      ...(spec.primaryKey ? [`PRIMARY KEY (${list(spec.primaryKey)})`] : []),
      ...(spec.unique ?? []).map((columns) => `UNIQUE (${list(columns)})`),
    ];
    return [
      `CREATE TABLE IF NOT EXISTS ${name} (\n  ${parts.join(',\n  ')}\n)`,
      ...(indexes ? (spec.indexes ?? []) : []).map((index) => `CREATE INDEX IF NOT EXISTS ${quoteIdent(index.name)} ON ${name} (${list(index.columns)})`),
    ];
  };
}

/**
 * The rendering rules DuckDB and PostgreSQL share: double-quoted identifiers,
 * `$n` placeholders, `CAST(… AS type)`, `LIMIT/OFFSET`, `ILIKE`. A dialect
 * that differs builds its own object; `lists` says how staged rows travel.
 */
export function ansiDialect(name: string, defaultSchema: string, lists: TextListBinding): Dialect {
  return {
    name,
    defaultSchema,
    quoteIdent,
    quoteTable: (qualifiedName) => qualifiedName.split('.').map(quoteIdent).join('.'),
    placeholder: (index) => `$${index}`,
    castParam: (placeholder, type: ColumnType) => `CAST(${placeholder} AS ${type.sql})`,
    parseType: parseSqlType,
    nullSafeEquals: (left, right) => sql`${left} IS NOT DISTINCT FROM ${right}`,
    returning: (columns) => sql` RETURNING ${columns}`,
    onConflictDoNothing: (keyColumns) => raw(` ON CONFLICT (${keyColumns.map(quoteIdent).join(', ')}) DO NOTHING`),
    limitOffset: (limit, offset) => sql`LIMIT ${limit} OFFSET ${offset}`,
    // ESCAPE names the escape character: DuckDB has none by default, PostgreSQL's default could change.
    containsInsensitive: (text, needle) => sql`${text} ILIKE ${containsPattern(needle)} ESCAPE '\\'`,
    stagedRows: stagedRowsWith(lists),
    updateByKey(table, key, columns, rows) {
      const staged = stagedRowsWith(lists)(byKeyStage(key, columns), rows, 's');
      const set = join(
        columns.map((c, i) => sql`${ident(c.name)} = ${ident('s')}.${ident(`v${i}`)}`),
        ', ',
      );
      return sql`UPDATE ${raw(table.split('.').map(quoteIdent).join('.'))} AS ${ident('t')} SET ${set} FROM ${staged} WHERE ${keyJoin(key)}`;
    },
    deleteByKey(table, key, rows) {
      const staged = stagedRowsWith(lists)(byKeyStage(key, []), rows, 's');
      return sql`DELETE FROM ${raw(table.split('.').map(quoteIdent).join('.'))} AS ${ident('t')} USING ${staged} WHERE ${keyJoin(key)}`;
    },
    castToText: (expr) => sql`CAST(${expr} AS VARCHAR)`,
    definitely: (predicate) => sql`COALESCE(${predicate}, FALSE)`,
    flag: (predicate) => sql`CAST(${predicate} AS BOOLEAN)`,
    alwaysTrue: 'TRUE',
    alwaysFalse: 'FALSE',
    booleanValue: (value) => (value ? 'TRUE' : 'FALSE'),
    typeName: (type) => TYPES[type],
    createSchema: (schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`,
    createTable: ansiCreateTable(TYPES),
    textType: TYPES.text,
    timestampType: TYPES.timestamp,
  };
}
