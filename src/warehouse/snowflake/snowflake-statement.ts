import type { Bind, Connection, RowStatement } from 'snowflake-sdk';
import type { QueryResult, ResultColumn, Row } from '../driver.js';
import { foldName } from './snowflake-names.js';
import { resultTypeName, toCell, type ResultColumnInfo } from './snowflake-types.js';

/**
 * Numbers (NUMBER and FLOAT) and semi-structured values come as the text
 * Snowflake sends (docs: "Consuming results", fetchAsString), so no NUMBER
 * digit is lost to a JS double. Dates and timestamps stay the SDK's `Date`
 * objects, independent of the session's output formats.
 */
const FETCH_AS_STRING: ('Number' | 'JSON')[] = ['Number', 'JSON'];

export function abortError(): DOMException {
  return new DOMException('The query was cancelled.', 'AbortError');
}

/** A bound value as the SDK binds it (text, number, boolean or null): 64-bit integers and dates as text, objects as JSON. */
export function toBind(value: unknown): Bind {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export interface Executed {
  statement: RowStatement;
  /** The rows, each an array in column order; absent when streamed. */
  rows?: unknown[][];
}

/**
 * Runs one statement with positional `?` binds. Aborting `signal` cancels it
 * on the server (`RowStatement.cancel`) and rejects with an AbortError,
 * whatever Snowflake answers for the cancelled statement.
 */
export function execute(
  connection: Connection,
  sqlText: string,
  params: readonly unknown[] = [],
  options: { signal?: AbortSignal; stream?: boolean } = {},
): Promise<Executed> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    let onAbort: (() => void) | undefined;
    const statement = connection.execute({
      sqlText,
      binds: params.length ? params.map(toBind) : undefined,
      rowMode: 'array',
      fetchAsString: FETCH_AS_STRING,
      streamResult: options.stream ?? false,
      complete: (error, done, rows) => {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) reject(abortError());
        else if (error) reject(error);
        else resolve({ statement: done as RowStatement, rows: rows as unknown[][] | undefined });
      },
    });
    if (signal) {
      onAbort = () => statement.cancel(() => undefined);
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

export function columnsOf(statement: RowStatement): ResultColumnInfo[] {
  return statement.getColumns() ?? [];
}

/** The result's columns, names folded (`LINE_ID` is `line_id`, `Amount` stays; see `foldName`). */
export function resultColumns(columns: readonly ResultColumnInfo[]): ResultColumn[] {
  return columns.map((c) => ({ name: foldName(c.getName()), type: resultTypeName(c) }));
}

/** Rows as objects keyed by folded column name, each value mapped to its JSON cell. */
export function toRows(columns: readonly ResultColumnInfo[], rows: readonly unknown[][]): Row[] {
  const names = columns.map((c) => foldName(c.getName()));
  return rows.map((values) => {
    const row: Row = {};
    columns.forEach((column, i) => (row[names[i]!] = toCell(values[i], column)));
    return row;
  });
}

export function toResult(executed: Executed): QueryResult {
  const columns = columnsOf(executed.statement);
  return { columns: resultColumns(columns), rows: toRows(columns, executed.rows ?? []) };
}
