import { SQLSERVER_CAPABILITIES } from './sqlserver-capabilities.js';
import mssql from 'mssql';
import { AppError } from '../../errors/index.js';
import type { Dialect } from '../dialect.js';
import type { QueryOptions, QueryResult, Row, RowStream, TransactionOptions, TransactionRunner, WarehouseDriver, WarehouseIdentity } from '../driver.js';
import { isWarehouseError, warehouseCall, probed } from '../driver-errors.js';
import { sqlserverDialect } from './sqlserver-dialect.js';
import { readDecimalsExactly } from './exact-decimals.js';
import { translateSqlserverError } from './sqlserver-errors.js';
import { asIdentity, asService, type NamedValue, type StatementWrapper, wrapStatement } from './sqlserver-identity.js';
import { introspectSqlserver } from './sqlserver-introspect.js';
import { resultTypeName, type SqlserverColumnMetadata, toCell } from './sqlserver-types.js';

/** A resolved connection: secrets already read by the caller. */
export interface SqlserverConfig {
  /** Host name; TLS verifies the server's certificate against it. */
  server: string;
  port: number;
  database: string;
  /** The schema unqualified tables live in. */
  schema: string;
  authentication: { kind: 'login'; user: string; password: string } | { kind: 'accessToken'; token: string };
  /** PEM certificate authority of the server's certificate; default: the system's. */
  ca?: string;
  poolSize?: number;
  /** A statement running longer is cancelled by the client (DRV_TIMEOUT). */
  statementTimeoutMs?: number;
}

/** The client's settings: TLS always on and verified, times read as UTC, one statement at most `statementTimeoutMs`. */
function clientConfig(config: SqlserverConfig): mssql.config {
  return {
    server: config.server,
    port: config.port,
    database: config.database,
    ...(config.authentication.kind === 'login'
      ? { user: config.authentication.user, password: config.authentication.password }
      : { authentication: { type: 'azure-active-directory-access-token', options: { token: config.authentication.token } } }),
    requestTimeout: config.statementTimeoutMs ?? 30_000,
    pool: { max: config.poolSize ?? 10, min: 0 },
    options: {
      encrypt: true,
      trustServerCertificate: false,
      useUTC: true,
      appName: 'roundtrip',
      ...(config.ca ? { cryptoCredentialsDetails: { ca: config.ca } } : {}),
    },
  };
}

/**
 * SQL Server (and Azure SQL) through `mssql` over tedious, with its pool.
 * Statements bind their values as named parameters `@p1`, `@p2`, … (run by
 * sp_executesql). Under a user's identity each statement runs as
 * `EXECUTE AS USER` with the claims in the session context (see
 * sqlserver-identity.ts), so the database's GRANTs and security policies apply.
 */
export class SqlserverDriver implements WarehouseDriver {
  readonly dialect: Dialect;
  readonly capabilities = { ...SQLSERVER_CAPABILITIES };
  /** Session context keys ever set by an identity: service statements clear them first. */
  private readonly settingKeys = new Set<string>();
  private closed = false;

  private constructor(
    private readonly pool: mssql.ConnectionPool,
    private readonly config: SqlserverConfig,
  ) {
    this.dialect = sqlserverDialect(config.schema);
  }

  static async connect(config: SqlserverConfig): Promise<SqlserverDriver> {
    readDecimalsExactly();
    const pool = new mssql.ConnectionPool(clientConfig(config));
    // An idle connection failing must not crash the process; the pool drops it.
    pool.on('error', () => undefined);
    try {
      await pool.connect();
    } catch (error) {
      await pool.close().catch(() => undefined);
      throw translateSqlserverError(error);
    }
    return probed(new SqlserverDriver(pool, config), 'SELECT 1 AS ok');
  }

  async query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    this.assertOpen();
    try {
      return await run(this.pool.request(), sql, params, this.wrapperFor(options.identity), options.signal);
    } catch (error) {
      throw translate(error, options.signal);
    }
  }

  /** Streams rows through the client's readable stream (back-pressure pauses the request), at most `STREAM_BATCH` rows a batch. */
  async stream(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<RowStream> {
    this.assertOpen();
    options.signal?.throwIfAborted();
    const request = this.pool.request();
    request.arrayRowMode = true;
    const wrapper = this.wrapperFor(options.identity);
    bindAll(request, params, wrapper.values);
    let metadata: SqlserverColumnMetadata[] = [];
    request.on('recordset', (columns: SqlserverColumnMetadata[]) => (metadata = columns));
    const readable = request.toReadableStream({ highWaterMark: STREAM_BATCH });
    const cancel = () => request.cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    // Failures reach the stream as its error; the promise would only repeat them.
    request.query(wrapStatement(sql, wrapper)).catch(() => undefined);
    const iterator: AsyncIterator<unknown[]> = readable[Symbol.asyncIterator]();
    let done = false;
    const finish = () => {
      options.signal?.removeEventListener('abort', cancel);
      if (!done) request.cancel();
      done = true;
      readable.destroy();
    };
    let first: IteratorResult<unknown[]>;
    try {
      // Column metadata arrives before the first row: reading the first row makes it known.
      first = await iterator.next();
    } catch (error) {
      finish();
      throw translate(error, options.signal);
    }
    const signal = options.signal;
    const batches = (async function* () {
      try {
        let batch: Row[] = [];
        let next = first;
        while (!next.done) {
          batch.push(toRow(next.value, metadata));
          if (batch.length >= STREAM_BATCH) {
            yield batch;
            batch = [];
          }
          next = await iterator.next();
        }
        done = true;
        if (batch.length > 0) yield batch;
      } catch (error) {
        throw translate(error, signal);
      } finally {
        finish();
      }
    })();
    return {
      columns: metadata.map((c) => ({ name: c.name, type: resultTypeName(c) })),
      batches,
      close: async () => {
        await batches.return(undefined);
        finish();
      },
    };
  }

  /**
   * One transaction on one pooled connection. Under an identity each
   * statement runs as the user (see sqlserver-identity.ts) until
   * `useServiceIdentity`, after which statements run as the service with the
   * claims cleared.
   */
  async transaction<T>(work: (tx: TransactionRunner) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    this.assertOpen();
    const transaction = new mssql.Transaction(this.pool);
    try {
      await transaction.begin();
    } catch (error) {
      throw translateSqlserverError(error);
    }
    let identity = options.identity;
    const tx: TransactionRunner = {
      dialect: this.dialect,
      query: (sql, params = []) => warehouseCall(run(transaction.request(), sql, params, this.wrapperFor(identity), undefined)),
      useServiceIdentity: async () => {
        identity = undefined;
      },
    };
    try {
      const result = await work(tx);
      await warehouseCall(transaction.commit());
      return result;
    } catch (error) {
      // A deadlock victim's or aborted transaction is rolled back by the server already; mssql then refuses a rollback.
      await transaction.rollback().catch(() => undefined);
      // What the transaction's own code threw (an application error, a bug) is not the warehouse's to translate.
      throw isWarehouseError(error) ? translateSqlserverError(error) : error;
    }
  }

  introspect() {
    return introspectSqlserver(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close().catch(() => undefined);
  }

  private wrapperFor(identity: WarehouseIdentity | undefined): StatementWrapper {
    if (!identity) return asService(this.settingKeys);
    for (const key of Object.keys(identity.settings)) this.settingKeys.add(key);
    return asIdentity(identity);
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('DRV_CONNECTION', `The SQL Server driver for ${this.config.server}/${this.config.database} is closed.`);
  }
}

/** Rows a streaming batch holds at most. */
const STREAM_BATCH = 5_000;

/** Strings longer than this bind as NVARCHAR(MAX); shorter ones as NVARCHAR(4000), which an index seek on a bounded column accepts. */
const NVARCHAR_LIMIT = 4000;

/**
 * Binds a positional value as `@p<n>` with the type its JS value calls for:
 * text NVARCHAR, null a typeless NVARCHAR NULL, safe integers BIGINT (and
 * bigints, as text), other numbers FLOAT, booleans BIT, dates as ISO text,
 * anything else as JSON text. Typed values reach SQL as text and are cast there.
 */
function bindValue(request: mssql.Request, name: string, value: unknown): void {
  if (value === null || value === undefined) request.input(name, mssql.NVarChar(NVARCHAR_LIMIT), null);
  else if (typeof value === 'string') request.input(name, mssql.NVarChar(value.length > NVARCHAR_LIMIT ? mssql.MAX : NVARCHAR_LIMIT), value);
  else if (typeof value === 'bigint') request.input(name, mssql.BigInt, value.toString());
  else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) request.input(name, mssql.BigInt, value);
    else request.input(name, mssql.Float, value);
  } else if (typeof value === 'boolean') request.input(name, mssql.Bit, value);
  else if (value instanceof Date) request.input(name, mssql.NVarChar(NVARCHAR_LIMIT), value.toISOString());
  else {
    const text = JSON.stringify(value);
    request.input(name, mssql.NVarChar(text.length > NVARCHAR_LIMIT ? mssql.MAX : NVARCHAR_LIMIT), text);
  }
}

function bindAll(request: mssql.Request, params: readonly unknown[], named: readonly NamedValue[]): void {
  params.forEach((value, i) => bindValue(request, `p${i + 1}`, value));
  for (const value of named) request.input(value.name, mssql.NVarChar(value.length), value.value);
}

/** Runs one request (wrapped for the identity); `signal` cancels it through the client (`request.cancel()`, a TDS attention). */
async function run(
  request: mssql.Request,
  sql: string,
  params: readonly unknown[],
  wrapper: StatementWrapper,
  signal: AbortSignal | undefined,
): Promise<QueryResult> {
  signal?.throwIfAborted();
  request.arrayRowMode = true;
  bindAll(request, params, wrapper.values);
  const cancel = () => request.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const result = (await request.query(wrapStatement(sql, wrapper))) as mssql.IResult<unknown> & { columns?: SqlserverColumnMetadata[][] };
    // The statement's rows are its last result set (the identity statements return none).
    const index = result.recordsets.length - 1;
    const rows = (index >= 0 ? result.recordsets[index] : []) as unknown as unknown[][];
    const metadata = result.columns?.[index] ?? [];
    return { columns: metadata.map((c) => ({ name: c.name, type: resultTypeName(c) })), rows: rows.map((values) => toRow(values, metadata)) };
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

function toRow(values: readonly unknown[], metadata: readonly SqlserverColumnMetadata[]): Row {
  const row: Row = {};
  metadata.forEach((column, i) => (row[column.name] = toCell(values[i], column)));
  return row;
}

/** A cancelled statement rejects with the platform's AbortError, whatever the client reported. */
function translate(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) return new DOMException('The query was cancelled.', 'AbortError');
  return translateSqlserverError(error);
}
