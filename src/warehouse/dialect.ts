import type { ColumnType } from './column-type.js';
import type { SqlFragment } from './sql.js';
import type { NeutralType, TableSpec } from './table-spec.js';

/** One column of a staged relation: its name in the relation and the type its text values are cast to. */
export interface StagedColumn {
  name: string;
  type: ColumnType;
}

/** A staged value: text (cast to the column type inside SQL), or null. */
export type StagedValue = string | null;

/** Pure SQL rendering rules of one warehouse: no I/O. */
export interface Dialect {
  /** Engine name, for messages only: core code never branches on it. */
  readonly name: string;
  /** The schema unqualified table names resolve to. */
  readonly defaultSchema: string;
  /** Quotes one identifier, doubling embedded quote characters. */
  quoteIdent(name: string): string;
  /** Quotes `schema.table` or `table`. */
  quoteTable(qualifiedName: string): string;
  /** The placeholder for the 1-based positional parameter `index`. */
  placeholder(index: number): string;
  /** A placeholder whose text value is cast to `type` inside SQL. */
  castParam(placeholder: string, type: ColumnType): string;
  /** Parses a catalogue type name into a `ColumnType`. */
  parseType(sqlType: string): ColumnType;
  /** Null-safe equality of two expressions (both null counts as equal). */
  nullSafeEquals(left: SqlFragment, right: SqlFragment): SqlFragment;
  /** The clause, with its leading space, after an INSERT, UPDATE or DELETE that makes it return the changed rows' `columns`. */
  returning(columns: SqlFragment): SqlFragment;
  /** The clause, with its leading space, after an INSERT's values that skips rows whose `keyColumns` are taken. */
  onConflictDoNothing(keyColumns: readonly string[]): SqlFragment;
  /** One ORDER BY term with NULLs last (absent: `expr ASC|DESC NULLS LAST`), for engines without `NULLS LAST`. */
  orderTerm?(expr: SqlFragment, descending: boolean): SqlFragment;
  /** The paging clause needs an ORDER BY before it (T-SQL's `OFFSET … FETCH`): an unsorted page is ordered by nothing in particular. */
  readonly pagingNeedsOrder?: boolean;
  /** The paging clause for bound `limit` and `offset` values. */
  limitOffset(limit: SqlFragment, offset: SqlFragment): SqlFragment;
  /**
   * Case-insensitive match of a text expression containing `needle` literally:
   * no character of it is a wildcard or an escape (`%`, `_` and `\` match
   * themselves). The needle is bound, never spliced.
   */
  containsInsensitive(text: SqlFragment, needle: string): SqlFragment;
  /**
   * A derived table of `rows` (each one value per column, in column order)
   * whose values travel as bound parameters, a fixed number of them whatever
   * the row count (e.g. one text array per column), so one statement can
   * apply thousands of changes and its text stays the same. Rendered as
   * `(SELECT … ) AS alias` with each column cast to its type.
   */
  stagedRows(columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment;
  /**
   * ONE statement setting `columns` of the rows of `table` (qualified name)
   * whose `key` columns equal a staged row's, to that row's values; each row
   * of `rows` holds the key values, then the column values. For writes
   * whose guards were checked beforehand under the table's write lock (the
   * strategy for engines without transactions), and to undo them.
   */
  updateByKey(table: string, key: readonly StagedColumn[], columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment;
  /** ONE statement deleting the rows of `table` whose `key` columns equal a staged row's (`rows`: key values). */
  deleteByKey(table: string, key: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[]): SqlFragment;
  /** `expr` as the engine's text type (`CAST(… AS VARCHAR)` on ANSI engines): audit values, timestamps shown as text, text search. */
  castToText(expr: SqlFragment): SqlFragment;
  /**
   * A predicate true exactly where `predicate` is true, false where it is
   * false or NULL (`COALESCE(p, FALSE)` on engines with a boolean type), so
   * that `NOT` of it is never NULL.
   */
  definitely(predicate: SqlFragment): SqlFragment;
  /** A predicate as a boolean column of a SELECT list (`CAST(p AS BOOLEAN)`). */
  flag(predicate: SqlFragment): SqlFragment;
  /** A predicate that always holds (`TRUE`) or never holds (`FALSE`). */
  readonly alwaysTrue: string;
  readonly alwaysFalse: string;
  /** A boolean value (a literal compared with a boolean column, not a predicate): `TRUE`/`FALSE`, `1`/`0` where booleans are bits. */
  booleanValue(value: boolean): string;
  /**
   * Engines that read a table as it was at a past time natively
   * (`capabilities.nativeTimeTravel`): the table reference `table` (quoted)
   * as of the timestamp expression `at`, e.g. `t AT(TIMESTAMP => …)`,
   * `t FOR SYSTEM_TIME AS OF …`.
   */
  tableAsOf?(table: SqlFragment, at: SqlFragment): SqlFragment;
  /** A boolean value as a predicate where values are not predicates (T-SQL: `v = 1`); absent: the value itself. */
  booleanTest?(value: SqlFragment): SqlFragment;
  /**
   * `(v1, v2, …) IN (select)` where the engine spells a row value another way
   * (absent: the ANSI form; one value: `v IN (select)`).
   */
  tupleIn?(values: readonly SqlFragment[], select: SqlFragment): SqlFragment;
  /** The engine's SQL type for a neutral type. */
  typeName(type: NeutralType): string;
  /** DDL creating `schema` when it is missing. */
  createSchema(schema: string): string;
  /** DDL creating the table when it is missing, then its indexes: one statement each, in order. */
  createTable(spec: TableSpec): string[];
  /** The SQL type used for audit text values and keys. */
  readonly textType: string;
  /** The SQL type for audit timestamps. */
  readonly timestampType: string;
}
