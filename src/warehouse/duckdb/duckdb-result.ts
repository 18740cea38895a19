import { JsonDuckDBValueConverter, type DuckDBMaterializedResult } from '@duckdb/node-api';
import type { QueryResult, Row } from '../driver.js';

/**
 * A statement's whole result, read from DuckDB's materialized chunks in one
 * go. The result reader's `readAll` fetches chunk after chunk, each a trip
 * through the thread pool and back (and one more to learn there is none
 * left): for the one-row answers of a write's statements those trips cost
 * as much as the statement. Values are converted as `getRowObjectsJson`
 * does (decimals and big integers as text, dates as ISO text); columns of the
 * same name get DuckDB's `name:1` suffixes.
 */
export function readMaterialized(result: DuckDBMaterializedResult): QueryResult {
  const names = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  const rows: Row[] = [];
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    for (let r = 0; r < chunk.rowCount; r++) {
      const row: Row = {};
      chunk.visitRowValues(r, (value, _row, column, type) => {
        row[names[column]!] = JsonDuckDBValueConverter(value, type, JsonDuckDBValueConverter) as Row[string];
      });
      rows.push(row);
    }
  }
  return { columns: result.columnNames().map((name, i) => ({ name, type: String(types[i] ?? 'UNKNOWN') })), rows };
}
