import type { ColumnType } from './column-type.js';

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
  /** SQL for a `LIMIT/OFFSET` clause with already-rendered placeholders. */
  limitOffset(limit: string, offset: string): string;
  /** Case-insensitive substring match of `column` against `pattern` placeholder. */
  containsInsensitive(column: string, pattern: string): string;
  /** The SQL type used for audit text values and keys. */
  readonly textType: string;
  /** The SQL type for audit timestamps. */
  readonly timestampType: string;
}
