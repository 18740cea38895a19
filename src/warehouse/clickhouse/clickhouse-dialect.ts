import { AppError } from '../../errors/index.js';
import type { Dialect, StagedColumn, StagedValue } from '../dialect.js';
import { ident, join, param, raw, sql, type SqlFragment } from '../sql.js';
import type { NeutralType, TableSpec } from '../table-spec.js';
import { parseClickhouseType, unwrapClickhouseType } from './clickhouse-types.js';

/** Backslash escapes inside double quotes: ClickHouse reads `\"` and `\\` in identifiers. */
function quoteIdent(name: string): string {
  return `"${name.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The type every positional placeholder is written with. Values travel as
 * text (typed values are cast inside SQL); the driver retypes a placeholder
 * whose value is a number, a boolean or a list (`retypePlaceholders`).
 */
export const TEXT_PARAM_TYPE = 'Nullable(String)';

const TYPES: Record<NeutralType, string> = {
  text: 'String',
  integer: 'Int32',
  bigint: 'Int64',
  double: 'Float64',
  boolean: 'Bool',
  timestamp: "DateTime64(6, 'UTC')",
};

/** A type that holds NULL: a cast NULL stays NULL (ANSI names such as VARCHAR become their nullable ClickHouse type). */
function nullable(sqlType: string): string {
  return sqlType.startsWith('Nullable(') ? sqlType : parseClickhouseType(sqlType).sql;
}

function unsupported(what: string): never {
  throw new AppError('DRV_UNSUPPORTED', `ClickHouse has no ${what}; the caller must check the driver's capabilities first.`);
}

/**
 * ClickHouse keeps its own tables in MergeTree, sorted by the primary key.
 * Keys are not enforced (the engine keeps duplicates), so `unique` and
 * secondary `indexes` of a spec are left to the write strategy that serialises
 * writes (see src/writeback/README.md). Lightweight UPDATE needs the block
 * number and offset columns, so every table keeps them.
 */
function createTable(spec: TableSpec): string[] {
  const name = spec.schema ? `${quoteIdent(spec.schema)}.${quoteIdent(spec.name)}` : quoteIdent(spec.name);
  const keys = new Set(spec.primaryKey ?? []);
  const columns = spec.columns.map((c) => {
    const type = TYPES[c.type];
    // Spelled out both ways: the driver's sessions make a bare type nullable (data_type_default_nullable).
    return `${quoteIdent(c.name)} ${c.notNull || keys.has(c.name) ? `${type} NOT NULL` : `Nullable(${type})`}`;
  });
  const order = spec.primaryKey?.length ? `(${spec.primaryKey.map(quoteIdent).join(', ')})` : 'tuple()';
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (\n  ${columns.join(',\n  ')}\n) ENGINE = MergeTree ORDER BY ${order}\n` +
      'SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1',
  ];
}

/**
 * Staged rows travel as one `Array(Nullable(String))` parameter per column,
 * zipped into tuples and unrolled by `arrayJoin`, each element cast to its
 * column's type: a fixed number of parameters whatever the row count.
 */
function stagedRows(columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment {
  const arrays = columns.map((_, i) => param(rows.map((row) => row[i] ?? null)));
  const casts = columns.map((c, i) => sql`CAST(${raw(`t.${i + 1}`)} AS ${raw(nullable(c.type.sql))}) AS ${ident(c.name)}`);
  return sql`(SELECT ${join(casts, ', ')} FROM (SELECT arrayJoin(arrayZip(${join(arrays, ', ')})) AS t)) AS ${ident(alias)}`;
}

/** ClickHouse's rules; unqualified tables live in `database` (a ClickHouse database is a schema). */
/**
 * `updateByKey`: ClickHouse's UPDATE has no FROM, so each value is picked
 * from its column's bound list at the position of the row's key among the
 * staged keys (`transform` over a hash of the keys), and the rows are those
 * whose key tuple is IN the staged keys.
 */
function updateByKey(table: string, key: readonly StagedColumn[], columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  const list = (i: number) => param(rows.map((row) => row[i] ?? null));
  const keyType = `Tuple(${key.map((c) => unwrapClickhouseType(c.type.sql).inner).join(', ')})`;
  const keys = sql`CAST(arrayZip(${join(
    key.map((c, i) => sql`CAST(${list(i)} AS Array(${raw(unwrapClickhouseType(c.type.sql).inner)}))`),
    ', ',
  )}) AS Array(${raw(keyType)}))`;
  const position = sql`transform(CAST(tuple(${join(
    key.map((c) => ident(c.name)),
    ', ',
  )}) AS ${raw(keyType)}), ${keys}, range(1, ${raw(String(rows.length + 1))}), 0)`;
  const set = columns.map((c, i) => sql`${ident(c.name)} = CAST(arrayElement(${list(key.length + i)}, ${position}) AS ${raw(nullable(c.type.sql))})`);
  return sql`UPDATE ${raw(quoteTable(table))} SET ${join(set, ', ')} WHERE ${keyIn(key, rows)}`;
}

function keyIn(key: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  const staged = stagedRows(
    key.map((c, i) => ({ name: `k${i}`, type: c.type })),
    rows.map((row) => row.slice(0, key.length)),
    's',
  );
  return sql`(${join(
    key.map((c) => ident(c.name)),
    ', ',
  )}) IN (SELECT ${join(
    key.map((_, i) => ident(`k${i}`)),
    ', ',
  )} FROM ${staged})`;
}

const quoteTable = (qualifiedName: string) => qualifiedName.split('.').map(quoteIdent).join('.');

export const clickhouseDialect = (database: string): Dialect => ({
  name: 'clickhouse',
  defaultSchema: database,
  quoteIdent,
  quoteTable,
  placeholder: (index) => `{p${index}:${TEXT_PARAM_TYPE}}`,
  castParam: (placeholder, type) => `CAST(${placeholder} AS ${nullable(type.sql)})`,
  parseType: parseClickhouseType,
  nullSafeEquals: (left, right) => sql`${left} IS NOT DISTINCT FROM ${right}`,
  returning: () => unsupported('RETURNING clause'),
  onConflictDoNothing: () => unsupported('enforced unique keys (ON CONFLICT)'),
  limitOffset: (limit, offset) => sql`LIMIT toUInt64(${limit}) OFFSET toUInt64(${offset})`,
  // A substring search, not a pattern: no character of the needle is special.
  containsInsensitive: (text, needle) => sql`positionCaseInsensitiveUTF8(${text}, ${needle}) > 0`,
  stagedRows,
  updateByKey,
  deleteByKey: (table, key, rows) => sql`DELETE FROM ${raw(quoteTable(table))} WHERE ${keyIn(key, rows)}`,
  castToText: (expr) => sql`CAST(${expr} AS Nullable(String))`,
  definitely: (predicate) => sql`COALESCE(${predicate}, FALSE)`,
  flag: (predicate) => sql`CAST(${predicate} AS Bool)`,
  alwaysTrue: 'TRUE',
  alwaysFalse: 'FALSE',
  booleanValue: (value) => (value ? 'TRUE' : 'FALSE'),
  typeName: (type) => TYPES[type],
  createSchema: (schema) => `CREATE DATABASE IF NOT EXISTS ${quoteIdent(schema)}`,
  createTable,
  textType: `Nullable(${TYPES.text})`,
  timestampType: `Nullable(${TYPES.timestamp})`,
});
