import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../errors/index.js';
import { ConnectionPool } from '../connection-pool.js';
import {
  DEFAULT_CAPABILITIES,
  type QueryOptions,
  type QueryResult,
  type Row,
  type RowStream,
  type TransactionRunner,
  type WarehouseDriver,
} from '../driver.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { runPrepared } from './duckdb-prepared.js';
import { readMaterialized } from './duckdb-result.js';
import { isAbortError, isWarehouseError, warehouseCall } from '../driver-errors.js';
import { isInvalidatedError, translateDuckdbError } from './duckdb-errors.js';
import { introspectDuckdb } from './duckdb-introspect.js';

export interface DuckdbConfig {
  /** Database file, or `:memory:`. The folder is created when missing. */
  path: string;
  /** Connections kept for concurrent statements and transactions. */
  poolSize?: number;
  /** DuckDB's worker threads (omitted: DuckDB's default, one per core). */
  threads?: number;
  /** Opens the instance; replaceable so tests can inject failures. */
  openInstance?: (path: string, options: Record<string, string>) => Promise<DuckDBInstance>;
}

type Generation = { instance: DuckDBInstance; pool: ConnectionPool<DuckDBConnection> };

/**
 * The embedded default warehouse. One instance per file per process (DuckDB
 * locks the file). When DuckDB invalidates its instance after an internal error,
 * the failing call reports `DRV_CONNECTION` and the next call runs on a freshly
 * reopened instance.
 */
export class DuckdbDriver implements WarehouseDriver {
  readonly dialect = duckdbDialect;
  readonly capabilities = {
    ...DEFAULT_CAPABILITIES,
    supportsReturning: true,
    transactions: true,
    deferredUniqueChecks: true,
    enforcesKeys: true,
    transactionalDdl: true,
  };
  private generation: Promise<Generation>;
  private closed = false;
  private writeQueue: Promise<void> = Promise.resolve();
  private readonly invalidated = new WeakSet<Generation>();
  /** How many times the instance was reopened after invalidation. */
  reopenCount = 0;

  private constructor(private readonly config: DuckdbConfig) {
    this.generation = this.open();
    this.generation.catch(() => undefined);
  }

  static async connect(config: DuckdbConfig): Promise<DuckdbDriver> {
    const driver = new DuckdbDriver(config);
    await driver.generation;
    return driver;
  }

  private open(): Promise<Generation> {
    const opening = this.openInstance();
    opening.catch(() => undefined);
    return opening;
  }

  private async openInstance(): Promise<Generation> {
    if (this.config.path !== ':memory:') mkdirSync(dirname(this.config.path), { recursive: true });
    const openInstance = this.config.openInstance ?? ((path: string, options: Record<string, string>) => DuckDBInstance.create(path, options));
    const options: Record<string, string> = this.config.threads ? { threads: String(this.config.threads) } : {};
    const instance = await openInstance(this.config.path, options).catch((error: unknown) => {
      throw translateDuckdbError(error);
    });
    const pool = new ConnectionPool<DuckDBConnection>(
      () => instance.connect(),
      (connection) => connection.closeSync(),
      this.config.poolSize ?? 8,
    );
    return { instance, pool };
  }

  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw translateDuckdbError(new Error('The warehouse driver is closed.'));
    const generation = await this.currentGeneration();
    try {
      return await generation.pool.use(work);
    } catch (error) {
      if (error instanceof CallerError || isAbortError(error)) throw error;
      if (isInvalidatedError(error) || isInvalidatedError((error as { cause?: unknown })?.cause)) this.reopen(generation);
      throw translateDuckdbError(error);
    }
  }

  /** The open instance; a failed (re)open is retried by the next call instead of failing forever. */
  private async currentGeneration(): Promise<Generation> {
    const pending = this.generation;
    try {
      return await pending;
    } catch (error) {
      if (this.generation === pending) this.generation = this.open();
      throw translateDuckdbError(error);
    }
  }

  /** Replaces an invalidated instance; later calls wait for the new one. */
  private reopen(failed: Generation): void {
    if (this.invalidated.has(failed)) return;
    this.invalidated.add(failed);
    this.reopenCount += 1;
    failed.pool.drain();
    failed.instance.closeSync();
    this.generation = this.open();
  }

  query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    return this.withConnection((connection) => runOn(connection, sql, params, options.signal));
  }

  /** Streams through DuckDB's chunked result reader; the connection is held until the stream ends or is closed. */
  stream(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<RowStream> {
    return new Promise<RowStream>((resolveStream, rejectStream) => {
      this.withConnection(async (connection) => {
        options.signal?.throwIfAborted();
        const onAbort = () => connection.interrupt();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        let finish!: () => void;
        const finished = new Promise<void>((resolve) => (finish = resolve));
        try {
          const result = await connection.stream(sql, params.length ? (params.map(toDuckdbValue) as never) : undefined);
          const columns = result.columnNames().map((name, i) => ({ name, type: String(result.columnTypes()[i] ?? 'UNKNOWN') }));
          const chunks = result.yieldRowObjectJson();
          const batches = (async function* () {
            try {
              for await (const rows of chunks) if (rows.length) yield rows as Row[];
            } catch (error) {
              throw translateDuckdbError(error);
            } finally {
              finish();
            }
          })();
          resolveStream({
            columns,
            batches,
            close: async () => {
              await batches.return(undefined);
              finish();
            },
          });
          // The connection serves this stream until its reader is done with it.
          await finished;
        } catch (error) {
          finish();
          throw error;
        } finally {
          options.signal?.removeEventListener('abort', onAbort);
        }
      }).catch(rejectStream);
    });
  }

  /**
   * DuckDB has no roles: identities are ignored (Roundtrip's own policies are
   * the guard). Transactions of this process run one at a time: DuckDB would
   * abort all but one of concurrent writers to the same row, and one process
   * owns the file, so queueing here is cheaper than retrying.
   */
  transaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    const run = this.writeQueue
      .then(() => this.runTransaction(work))
      .catch((error: unknown) => {
        throw error instanceof CallerError ? error.error : error;
      });
    this.writeQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private runTransaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    return this.withConnection(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      const tx: TransactionRunner = {
        dialect: this.dialect,
        query: (sql, params = []) => warehouseCall(runOn(connection, sql, params)),
        useServiceIdentity: async () => undefined,
      };
      try {
        const result = await work(tx);
        await warehouseCall(connection.run('COMMIT'));
        return result;
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => undefined);
        // What the transaction's own code threw (an application error, a bug) is not the warehouse's to translate.
        throw isWarehouseError(error) || error instanceof AppError ? error : new CallerError(error);
      }
    });
  }

  introspect() {
    return introspectDuckdb(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const generation = await this.generation;
    generation.pool.drain();
    generation.instance.closeSync();
  }
}

async function runOn(connection: DuckDBConnection, sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<QueryResult> {
  signal?.throwIfAborted();
  const onAbort = () => connection.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return readMaterialized(params.length ? await runPrepared(connection, sql, params.map(toDuckdbValue) as never) : await connection.run(sql));
  } catch (error) {
    if (signal?.aborted) throw new DOMException('The query was cancelled.', 'AbortError');
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** DuckDB binds JS numbers as DOUBLE; callers cast typed values, so plain values pass as they are. */
function toDuckdbValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Carries an error the code of a transaction threw past the translation of warehouse errors. */
class CallerError {
  constructor(readonly error: unknown) {}
}
