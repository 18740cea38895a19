import type { DuckDBConnection, DuckDBMaterializedResult, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';

/** Statements kept per connection, the least recently run dropped first. */
const MAX_PREPARED = 256;

const caches = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();
/** Statements running now: their bound values must not change under them. */
const running = new WeakSet<DuckDBPreparedStatement>();

/**
 * Runs a statement with bound values, parsing and planning it once per
 * connection: the pipeline sends the same statements with new values all the
 * time, and DuckDB spends about as long preparing a small write as running it.
 * DuckDB rebinds a prepared statement itself when the catalogue or the bound
 * types changed since it was prepared. A statement that fails is dropped, so
 * the next run prepares it afresh. SQL that cannot be prepared as one
 * statement (several statements in one string), and a statement asked for
 * while the same one still runs on the connection, run as before, unprepared.
 * The result comes back materialized, to be read at once (duckdb-result.ts).
 */
export async function runPrepared(connection: DuckDBConnection, sql: string, values: DuckDBValue[]): Promise<DuckDBMaterializedResult> {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  let prepared = cache.get(sql);
  if (prepared && running.has(prepared)) return connection.run(sql, values);
  if (prepared) {
    // Most recently used last: Map keeps insertion order.
    cache.delete(sql);
    cache.set(sql, prepared);
  } else {
    try {
      prepared = await connection.prepare(sql);
    } catch {
      return connection.run(sql, values);
    }
    cache.set(sql, prepared);
    if (cache.size > MAX_PREPARED) {
      // The least recently run that is not running now (destroying a running one would pull it from under its caller).
      for (const [oldest, statement] of cache)
        if (!running.has(statement)) {
          evict(cache, oldest);
          break;
        }
    }
  }
  running.add(prepared);
  try {
    prepared.bind(values);
    return await prepared.run();
  } catch (error) {
    if (cache.get(sql) === prepared) cache.delete(sql);
    prepared.destroySync();
    throw error;
  } finally {
    running.delete(prepared);
  }
}

function evict(cache: Map<string, DuckDBPreparedStatement>, sql: string): void {
  const prepared = cache.get(sql);
  cache.delete(sql);
  prepared?.destroySync();
}

/** How many statements a connection keeps prepared (tests). */
export function preparedCount(connection: DuckDBConnection): number {
  return caches.get(connection)?.size ?? 0;
}
