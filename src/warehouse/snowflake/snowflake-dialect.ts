import { AppError } from '../../errors/index.js';
import type { ColumnType } from '../column-type.js';
import { ansiCreateTable } from '../ansi-dialect.js';
import type { Dialect, StagedColumn, StagedValue } from '../dialect.js';
import { ident, join, param, raw, sql, type SqlFragment } from '../sql.js';
import type { NeutralType } from '../table-spec.js';
import { parseSnowflakeType, SEMI_STRUCTURED } from './snowflake-types.js';

/**
 * Double quotes, doubled inside. The driver's sessions resolve quoted names
 * upper case (QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE), as Snowflake does
 * unquoted ones: `"budget_lines"` and app SQL's `budget_lines` are both
 * BUDGET_LINES.
 */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const quoteTable = (qualifiedName: string) => qualifiedName.split('.').map(quoteIdent).join('.');

const TYPES: Record<NeutralType, string> = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'FLOAT',
  boolean: 'BOOLEAN',
  // An instant with its offset: shown and compared the same in every session time zone.
  timestamp: 'TIMESTAMP_TZ',
};

/**
 * A text expression as a value of `type`. Semi-structured values are JSON
 * text parsed with PARSE_JSON (a CAST to VARIANT would hold the text as one
 * string); everything else is a CAST, which reads ISO 8601 timestamps and
 * `true`/`false` with the default AUTO input formats.
 */
function fromText(text: string, type: ColumnType): string {
  const base = type.sql.replace(/\(.*\)$/, '').trim();
  if (type.kind === 'other' && SEMI_STRUCTURED.has(base)) return base === 'VARIANT' ? `PARSE_JSON(${text})` : `PARSE_JSON(${text})::${base}`;
  return `CAST(${text} AS ${type.sql})`;
}

function unsupported(what: string): never {
  throw new AppError('DRV_UNSUPPORTED', `Snowflake has no ${what}; the caller must check the driver's capabilities first.`);
}

/**
 * All rows travel as ONE bound JSON text, an array of rows each an array of
 * texts or nulls, unpacked by FLATTEN: one parameter whatever the row count
 * or column count. `AS_VARCHAR` gives a JSON string as it is and a JSON null
 * as SQL NULL (docs: "AS_<object_type>"), then each value is cast to its type.
 */
function stagedRows(columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment {
  const json = JSON.stringify(rows.map((row) => columns.map((_, i) => row[i] ?? null)));
  const values = columns.map((c, i) => sql`${raw(fromText(`AS_VARCHAR("f".VALUE[${i}])`, c.type))} AS ${ident(c.name)}`);
  return sql`(SELECT ${join(values, ', ')} FROM TABLE(FLATTEN(INPUT => PARSE_JSON(${param(json)}))) AS "f") AS ${ident(alias)}`;
}

/** Staged columns renamed `k0…`/`v0…`, so that a key column may also be written. */
function byKeyStage(key: readonly StagedColumn[], columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment {
  const staged = [...key.map((c, i) => ({ name: `k${i}`, type: c.type })), ...columns.map((c, i) => ({ name: `v${i}`, type: c.type }))];
  return stagedRows(staged, rows, 's');
}

function keyMatch(key: readonly StagedColumn[]): SqlFragment {
  return join(
    key.map((c, i) => sql`"t".${ident(c.name)} = "s".${ident(`k${i}`)}`),
    ' AND ',
  );
}

/**
 * Keys are recorded, not enforced (docs: "Constraints"): PRIMARY KEY and
 * UNIQUE stay in the DDL for introspection and tools; Roundtrip checks keys
 * itself (`enforcesKeys` false). Snowflake has no secondary indexes on
 * standard tables, so a spec's `indexes` are left out.
 */
const createTable = ansiCreateTable(TYPES, false);

/**
 * Snowflake's rules: `?` placeholders bound in order, unqualified tables in
 * `defaultSchema`, named as the catalogue names it (folded: the schema
 * stored as `PUBLIC` is `public`; see `snowflake-names.ts`).
 */
export const snowflakeDialect = (defaultSchema: string): Dialect => ({
  name: 'snowflake',
  defaultSchema,
  quoteIdent,
  quoteTable,
  // The SDK binds positional `?` in order of appearance, the order `renderSql` numbers them.
  placeholder: () => '?',
  castParam: (placeholder, type) => fromText(placeholder, type),
  parseType: parseSnowflakeType,
  nullSafeEquals: (left, right) => sql`${left} IS NOT DISTINCT FROM ${right}`,
  returning: () => unsupported('RETURNING clause'),
  onConflictDoNothing: () => unsupported('enforced unique keys (ON CONFLICT)'),
  limitOffset: (limit, offset) => sql`LIMIT ${limit} OFFSET ${offset}`,
  // CONTAINS is a substring test, not a pattern: no character of the needle is special.
  containsInsensitive: (text, needle) => sql`CONTAINS(LOWER(${text}), LOWER(${needle}))`,
  stagedRows,
  updateByKey(table, key, columns, rows) {
    const set = join(
      columns.map((c, i) => sql`${ident(c.name)} = "s".${ident(`v${i}`)}`),
      ', ',
    );
    return sql`UPDATE ${raw(quoteTable(table))} AS "t" SET ${set} FROM ${byKeyStage(key, columns, rows)} WHERE ${keyMatch(key)}`;
  },
  // MERGE … THEN DELETE: DELETE … USING takes no alias for its target, and the staged alias could then clash with a schema name.
  deleteByKey: (table, key, rows) =>
    sql`MERGE INTO ${raw(quoteTable(table))} AS "t" USING ${byKeyStage(key, [], rows)} ON ${keyMatch(key)} WHEN MATCHED THEN DELETE`,
  castToText: (expr) => sql`CAST(${expr} AS VARCHAR)`,
  definitely: (predicate) => sql`COALESCE(${predicate}, FALSE)`,
  flag: (predicate) => sql`CAST(${predicate} AS BOOLEAN)`,
  alwaysTrue: 'TRUE',
  alwaysFalse: 'FALSE',
  booleanValue: (value) => (value ? 'TRUE' : 'FALSE'),
  // Time Travel (docs: "AT | BEFORE"): the table as it was at the instant, within the retention period.
  tableAsOf: (table, at) => sql`${table} AT(TIMESTAMP => ${at})`,
  typeName: (type) => TYPES[type],
  createSchema: (schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`,
  createTable,
  textType: TYPES.text,
  timestampType: TYPES.timestamp,
});
