import { AppError } from '../../errors/index.js';
import { spellType, type TypeSpelling } from '../spell-type.js';
import type { ColumnType } from '../column-type.js';
import type { Dialect, StagedColumn, StagedValue } from '../dialect.js';
import { ident, join, param, raw, sql, type SqlFragment } from '../sql.js';
import type { NeutralType, TableSpec } from '../table-spec.js';
import { parseBigqueryType } from './bigquery-types.js';

/**
 * Backtick-quoted identifiers. GoogleSQL's lexical rules give quoted
 * identifiers the escape sequences of string literals, so a backtick or a
 * backslash inside a name is escaped with a backslash.
 */
function quoteIdent(name: string): string {
  return `\`${name.replace(/[\\`]/g, '\\$&')}\``;
}

/** `dataset.table` or `project.dataset.table`, each part quoted on its own (a project id may hold `-`). */
const quoteTable = (qualifiedName: string) => qualifiedName.split('.').map(quoteIdent).join('.');

const TYPES: Record<NeutralType, string> = {
  text: 'STRING',
  integer: 'INT64',
  bigint: 'INT64',
  double: 'FLOAT64',
  boolean: 'BOOL',
  timestamp: 'TIMESTAMP',
};

function unsupported(what: string): never {
  throw new AppError('DRV_UNSUPPORTED', `BigQuery has no ${what}; the caller must check the driver's capabilities first.`);
}

/**
 * A text value as `type`. GoogleSQL cannot CAST text to JSON, BYTES (it
 * would take the UTF-8 bytes of the text) or GEOGRAPHY: JSON is parsed,
 * bytes travel as base64 (as the API returns them) and geographies as WKT.
 */
function fromText(expr: string, type: ColumnType): string {
  const base = type.sql.replace(/\(.*$/s, '');
  if (base === 'JSON') return `PARSE_JSON(${expr})`;
  if (base === 'BYTES') return `FROM_BASE64(${expr})`;
  if (base === 'GEOGRAPHY') return `ST_GEOGFROMTEXT(${expr})`;
  return `CAST(${expr} AS ${spellType(type, SPELLING)})`;
}

/** GoogleSQL's type names: one STRING, one INT64, NUMERIC up to 38 digits (29 before the point), BIGNUMERIC past that. */
const SPELLING: TypeSpelling = {
  string: () => 'STRING',
  integer: () => 'INT64',
  decimal: (precision, scale) => (precision - scale <= 29 && scale <= 9 ? `NUMERIC(${precision},${scale})` : `BIGNUMERIC(${precision},${scale})`),
  float: 'FLOAT64',
  boolean: 'BOOL',
  date: 'DATE',
  timestamp: (withTimeZone) => (withTimeZone ? 'TIMESTAMP' : 'DATETIME'),
};

/**
 * Staged rows travel as ONE STRING parameter holding a JSON array of rows,
 * each an array of text or null, unpacked by `UNNEST(JSON_QUERY_ARRAY(…))`
 * and each cell read with `JSON_VALUE(r, '$[i]')` (a JSON null reads as
 * SQL NULL) cast to its column's type. BigQuery array parameters cannot
 * hold NULL elements, hence JSON; the statement's text and its one
 * parameter stay the same whatever the row count.
 */
function stagedRows(columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment {
  const json = JSON.stringify(rows.map((row) => columns.map((_, i) => row[i] ?? null)));
  const cells = columns.map((c, i) => sql`${raw(fromText(`JSON_VALUE(${quoteIdent('r')}, '$[${i}]')`, c.type))} AS ${ident(c.name)}`);
  return sql`(SELECT ${join(cells, ', ')} FROM UNNEST(JSON_QUERY_ARRAY(${param(json)})) AS ${ident('r')}) AS ${ident(alias)}`;
}

/** Staged columns renamed `k0…`/`v0…`, so that a key column may also be written. */
function byKeyStage(key: readonly StagedColumn[], columns: readonly StagedColumn[]): StagedColumn[] {
  return [...key.map((c, i) => ({ name: `k${i}`, type: c.type })), ...columns.map((c, i) => ({ name: `v${i}`, type: c.type }))];
}

/**
 * `MERGE … USING (staged) ON key WHEN MATCHED THEN …`: BigQuery's one
 * statement joining a table to a relation for UPDATE and DELETE alike (its
 * DELETE has no USING, its UPDATE needs a WHERE). A target row matching
 * two staged rows is a runtime error, never a silent pick.
 */
function mergeByKey(
  table: string,
  key: readonly StagedColumn[],
  columns: readonly StagedColumn[],
  rows: readonly (readonly StagedValue[])[],
  action: SqlFragment,
): SqlFragment {
  const on = join(
    key.map((c, i) => sql`${ident('t')}.${ident(c.name)} = ${ident('s')}.${ident(`k${i}`)}`),
    ' AND ',
  );
  return sql`MERGE ${raw(quoteTable(table))} AS ${ident('t')} USING ${stagedRows(byKeyStage(key, columns), rows, 's')} ON ${on} WHEN MATCHED THEN ${action}`;
}

/**
 * Keys are declared `PRIMARY KEY (…) NOT ENFORCED`, the only form BigQuery
 * has (it lets the optimizer use them; nothing checks them); single-column
 * and multi-column `unique` constraints and secondary `indexes` have no
 * BigQuery DDL and are left to the write strategy for engines that do not
 * enforce keys (src/writeback/README.md).
 */
function createTable(spec: TableSpec): string[] {
  const name = spec.schema ? `${quoteIdent(spec.schema)}.${quoteIdent(spec.name)}` : quoteIdent(spec.name);
  const parts = [
    ...spec.columns.map((c) => `${quoteIdent(c.name)} ${TYPES[c.type]}${c.notNull ? ' NOT NULL' : ''}`),
    ...(spec.primaryKey?.length ? [`PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')}) NOT ENFORCED`] : []),
  ];
  return [`CREATE TABLE IF NOT EXISTS ${name} (\n  ${parts.join(',\n  ')}\n)`];
}

/** BigQuery's GoogleSQL; unqualified tables live in `dataset` (the driver sets it as each job's default dataset). */
export const bigqueryDialect = (dataset: string): Dialect => ({
  name: 'bigquery',
  defaultSchema: dataset,
  quoteIdent,
  quoteTable,
  // Named parameters `@p1`, `@p2`, …: the driver binds the positional values under these names.
  placeholder: (index) => `@p${index}`,
  castParam: fromText,
  parseType: parseBigqueryType,
  nullSafeEquals: (left, right) => sql`${left} IS NOT DISTINCT FROM ${right}`,
  returning: () => unsupported('RETURNING clause'),
  onConflictDoNothing: () => unsupported('enforced unique keys (ON CONFLICT)'),
  // LIMIT and OFFSET take INT64 literals or parameters only (no expressions): the driver binds numbers as INT64.
  limitOffset: (limit, offset) => sql`LIMIT ${limit} OFFSET ${offset}`,
  // A substring search, not a pattern: no character of the needle is special.
  containsInsensitive: (text, needle) => sql`STRPOS(LOWER(${text}), LOWER(${needle})) > 0`,
  stagedRows,
  updateByKey: (table, key, columns, rows) =>
    mergeByKey(
      table,
      key,
      columns,
      rows,
      sql`UPDATE SET ${join(
        columns.map((c, i) => sql`${ident(c.name)} = ${ident('s')}.${ident(`v${i}`)}`),
        ', ',
      )}`,
    ),
  deleteByKey: (table, key, rows) => mergeByKey(table, key, [], rows, raw('DELETE')),
  castToText: (expr) => sql`CAST(${expr} AS STRING)`,
  definitely: (predicate) => sql`COALESCE(${predicate}, FALSE)`,
  flag: (predicate) => sql`CAST(${predicate} AS BOOL)`,
  alwaysTrue: 'TRUE',
  alwaysFalse: 'FALSE',
  booleanValue: (value) => (value ? 'TRUE' : 'FALSE'),
  // Time travel reaches back as far as the dataset's time travel window (7 days by default, 2 to 7 configurable); older reads fail.
  tableAsOf: (table, at) => sql`${table} FOR SYSTEM_TIME AS OF ${at}`,
  typeName: (type) => TYPES[type],
  createSchema: (schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`,
  createTable,
  textType: TYPES.text,
  timestampType: TYPES.timestamp,
});
