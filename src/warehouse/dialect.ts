import type { ColumnType } from './column-type.js';
import type { SqlFragment } from './sql.js';

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
  /** The paging clause for bound `limit` and `offset` values. */
  limitOffset(limit: SqlFragment, offset: SqlFragment): SqlFragment;
  /** Case-insensitive substring match of a text expression against a bound pattern. */
  containsInsensitive(text: SqlFragment, pattern: SqlFragment): SqlFragment;
  /** The SQL type used for audit text values and keys. */
  readonly textType: string;
  /** The SQL type for audit timestamps. */
  readonly timestampType: string;
}
