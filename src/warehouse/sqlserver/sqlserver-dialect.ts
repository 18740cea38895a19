import { AppError } from '../../errors/index.js';
import type { ColumnType } from '../column-type.js';
import type { Dialect, StagedColumn, StagedValue } from '../dialect.js';
import { ident, join, param, raw, sql, type SqlFragment } from '../sql.js';
import type { NeutralType, TableSpec } from '../table-spec.js';
import { parseSqlserverType } from './sqlserver-types.js';

/** `[name]`, with `]` doubled. */
function quoteIdent(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

const quoteTable = (qualifiedName: string) => qualifiedName.split('.').map(quoteIdent).join('.');

/** A Unicode string literal, for names inside DDL run through `EXEC` (never for user values). */
function nstring(text: string): string {
  return `N'${text.replaceAll("'", "''")}'`;
}

const TYPES: Record<NeutralType, string> = {
  text: 'NVARCHAR(MAX)',
  integer: 'INT',
  bigint: 'BIGINT',
  double: 'FLOAT',
  boolean: 'BIT',
  timestamp: 'DATETIMEOFFSET(6)',
};

/** The T-SQL type a value is cast to, also for a type another engine named (`VARCHAR` alone would be VARCHAR(30) here). */
const castType = (type: ColumnType) => parseSqlserverType(type.sql).sql;

/** Index keys are at most 1,700 bytes (900 for a clustered key): NVARCHAR(450) is the longest text that always fits. */
const KEY_TEXT = 'NVARCHAR(450)';

function unsupported(what: string): never {
  throw new AppError('DRV_UNSUPPORTED', `SQL Server has no ${what}; the caller must check the driver's capabilities first.`);
}

/**
 * Columns of a key, a UNIQUE constraint or an index cannot be NVARCHAR(MAX),
 * so text there is bounded. A UNIQUE constraint in SQL Server lets one NULL
 * in (NULLs compare equal there), so uniqueness over a column that may be
 * NULL is a unique index filtered to rows without NULLs: the ANSI rule,
 * under which rows with a NULL never collide. Each statement runs through
 * `EXEC` under an `IF` that finds it missing: SQL Server has no
 * `CREATE … IF NOT EXISTS`, and `CREATE SCHEMA` must be alone in its batch.
 */
function createTable(spec: TableSpec): string[] {
  const name = spec.schema ? `${quoteIdent(spec.schema)}.${quoteIdent(spec.name)}` : quoteIdent(spec.name);
  const notNull = new Set([...(spec.primaryKey ?? []), ...spec.columns.filter((c) => c.notNull).map((c) => c.name)]);
  const uniques = [...spec.columns.filter((c) => c.unique).map((c) => [c.name]), ...(spec.unique ?? [])];
  const [strict, filtered] = [uniques.filter((u) => u.every((c) => notNull.has(c))), uniques.filter((u) => !u.every((c) => notNull.has(c)))];
  const indexed = new Set([...(spec.primaryKey ?? []), ...uniques.flat(), ...(spec.indexes ?? []).flatMap((i) => i.columns)]);
  const list = (columns: readonly string[]) => columns.map(quoteIdent).join(', ');
  const parts = [
    ...spec.columns.map(
      (c) => `${quoteIdent(c.name)} ${c.type === 'text' && indexed.has(c.name) ? KEY_TEXT : TYPES[c.type]}${notNull.has(c.name) ? ' NOT NULL' : ''}`,
    ),
    ...(spec.primaryKey ? [`PRIMARY KEY (${list(spec.primaryKey)})`] : []),
    ...strict.map((columns) => `UNIQUE (${list(columns)})`),
  ];
  const ifNoIndex = (index: string, create: string) =>
    `IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = ${nstring(index)} AND object_id = OBJECT_ID(${nstring(name)})) EXEC(${nstring(create)})`;
  return [
    `IF OBJECT_ID(${nstring(name)}, N'U') IS NULL EXEC(${nstring(`CREATE TABLE ${name} (${parts.join(', ')})`)})`,
    ...filtered.map((columns) => {
      const index = `${spec.name}_${columns.join('_')}_key`.slice(0, 128);
      const where = columns
        .filter((c) => !notNull.has(c))
        .map((c) => `${quoteIdent(c)} IS NOT NULL`)
        .join(' AND ');
      return ifNoIndex(index, `CREATE UNIQUE INDEX ${quoteIdent(index)} ON ${name} (${list(columns)}) WHERE ${where}`);
    }),
    ...(spec.indexes ?? []).map((index) => ifNoIndex(index.name, `CREATE INDEX ${quoteIdent(index.name)} ON ${name} (${list(index.columns)})`)),
  ];
}

/**
 * JSON_VALUE returns at most 4,000 characters (NULL past that, in lax
 * mode), which is plenty for numbers, dates and flags; text and other
 * values are read as the row array's element through OPENJSON, whose
 * `value` is NVARCHAR(MAX), so long text arrives whole.
 */
function stagedValue(row: SqlFragment, index: number, type: ColumnType): SqlFragment {
  if (type.kind === 'string' || type.kind === 'other') {
    return sql`(SELECT ${raw('e.[value]')} FROM OPENJSON(${row}) AS ${raw('e')} WHERE ${raw('e.[key]')} = ${raw(nstring(String(index)))})`;
  }
  return sql`JSON_VALUE(${row}, ${raw(nstring(`$[${index}]`))})`;
}

/**
 * Every staged row travels in ONE NVARCHAR(MAX) parameter: a JSON array of
 * rows, each an array of text or null. OPENJSON unrolls it (one row per
 * element, its `value` the row's array) and each column is cast to its type
 * (OPENJSON and JSON_VALUE: SQL Server 2016+, compatibility level 130).
 */
function stagedRows(columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment {
  const row = raw('r.[value]');
  const casts = columns.map((c, i) => sql`CAST(${stagedValue(row, i, c.type)} AS ${raw(castType(c.type))}) AS ${ident(c.name)}`);
  const json = JSON.stringify(rows.map((r) => columns.map((_, i) => r[i] ?? null)));
  return sql`(SELECT ${join(casts, ', ')} FROM OPENJSON(${param(json)}) AS ${raw('r')}) AS ${ident(alias)}`;
}

/** Staged columns renamed `k0…`/`v0…`, so that a key column may also be written. */
function byKeyStage(key: readonly StagedColumn[], columns: readonly StagedColumn[]): StagedColumn[] {
  return [...key.map((c, i) => ({ name: `k${i}`, type: c.type })), ...columns.map((c, i) => ({ name: `v${i}`, type: c.type }))];
}

function keyMatch(target: string, key: readonly StagedColumn[]): SqlFragment {
  return join(
    key.map((c, i) => sql`${raw(target)}.${ident(c.name)} = ${ident('s')}.${ident(`k${i}`)}`),
    ' AND ',
  );
}

/** T-SQL's `UPDATE alias SET … FROM table AS alias, staged WHERE key matches`: one statement. */
function updateByKey(table: string, key: readonly StagedColumn[], columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  const set = join(
    columns.map((c, i) => sql`${ident(c.name)} = ${ident('s')}.${ident(`v${i}`)}`),
    ', ',
  );
  const staged = stagedRows(byKeyStage(key, columns), rows, 's');
  return sql`UPDATE ${ident('t')} SET ${set} FROM ${raw(quoteTable(table))} AS ${ident('t')}, ${staged} WHERE ${keyMatch('[t]', key)}`;
}

/** The target is named by its qualified name inside EXISTS (a DELETE's target takes no alias without a FROM clause). */
function deleteByKey(table: string, key: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  const staged = stagedRows(byKeyStage(key, []), rows, 's');
  return sql`DELETE FROM ${raw(quoteTable(table))} WHERE EXISTS (SELECT 1 FROM ${staged} WHERE ${keyMatch(quoteTable(table), key)})`;
}

/**
 * T-SQL has no row values: `(a, b) IN (SELECT …)` becomes EXISTS over the
 * subquery with its columns renamed. Where a value is NULL this is false
 * instead of NULL, the same to a WHERE clause and to `definitely`.
 */
function tupleIn(values: readonly SqlFragment[], select: SqlFragment): SqlFragment {
  if (values.length === 1) return sql`${values[0]!} IN (${select})`;
  const names = values.map((_, i) => `c${i}`);
  const match = join(
    values.map((value, i) => sql`${ident('rt_in')}.${ident(names[i]!)} = ${value}`),
    ' AND ',
  );
  return sql`EXISTS (SELECT 1 FROM (${select}) AS ${ident('rt_in')}(${join(
    names.map((n) => ident(n)),
    ', ',
  )}) WHERE ${match})`;
}

/**
 * SQL Server's rules (T-SQL); unqualified tables live in `schema` (`dbo` by
 * default). T-SQL has no boolean type and a predicate is not a value: flags
 * are BIT columns built with CASE, and predicates are compared with 1.
 */
export const sqlserverDialect = (schema: string): Dialect => ({
  name: 'sqlserver',
  defaultSchema: schema,
  quoteIdent,
  quoteTable,
  placeholder: (index) => `@p${index}`,
  castParam: (placeholder, type) => `CAST(${placeholder} AS ${castType(type)})`,
  parseType: parseSqlserverType,
  // IS NOT DISTINCT FROM arrived in SQL Server 2022; this works on every version.
  nullSafeEquals: (left, right) => sql`(${left} = ${right} OR (${left} IS NULL AND ${right} IS NULL))`,
  // OUTPUT sits between SET/VALUES and WHERE, not at the end where the core places RETURNING.
  returning: () => unsupported('RETURNING clause (its OUTPUT clause goes mid-statement)'),
  onConflictDoNothing: () => unsupported('ON CONFLICT clause'),
  // NULL sorts lowest in T-SQL, which has no NULLS LAST: first in ascending order, so moved last by a term of its own.
  orderTerm: (expr, descending) => (descending ? sql`${expr} DESC` : sql`CASE WHEN ${expr} IS NULL THEN 1 ELSE 0 END, ${expr} ASC`),
  // OFFSET … FETCH is part of ORDER BY: an unsorted page is ordered by (SELECT NULL).
  pagingNeedsOrder: true,
  limitOffset: (limit, offset) => sql`OFFSET ${offset} ROWS FETCH NEXT ${limit} ROWS ONLY`,
  // A substring search, not a pattern: no character of the needle is special. CHARINDEX finds no empty needle.
  containsInsensitive: (text, needle) => (needle === '' ? sql`${text} IS NOT NULL` : sql`CHARINDEX(LOWER(${needle}), LOWER(${text})) > 0`),
  stagedRows,
  updateByKey,
  deleteByKey,
  castToText: (expr) => sql`CAST(${expr} AS NVARCHAR(MAX))`,
  definitely: (predicate) => sql`(CASE WHEN ${predicate} THEN 1 ELSE 0 END = 1)`,
  flag: (predicate) => sql`CAST(CASE WHEN ${predicate} THEN 1 ELSE 0 END AS BIT)`,
  alwaysTrue: '(1 = 1)',
  alwaysFalse: '(1 = 0)',
  booleanValue: (value) => (value ? '1' : '0'),
  // System-versioned (temporal) tables only (`CatalogTable.timeTravel`). The period columns are DATETIME2 in UTC:
  // the instant is moved to UTC before its offset is dropped (a plain CAST would keep the local clock time).
  tableAsOf: (tableRef, at) => sql`${tableRef} FOR SYSTEM_TIME AS OF CAST(SWITCHOFFSET(${at}, '+00:00') AS DATETIME2)`,
  tupleIn,
  typeName: (type) => TYPES[type],
  createSchema: (name) => `IF SCHEMA_ID(${nstring(name)}) IS NULL EXEC(${nstring(`CREATE SCHEMA ${quoteIdent(name)}`)})`,
  createTable,
  textType: TYPES.text,
  timestampType: TYPES.timestamp,
});
