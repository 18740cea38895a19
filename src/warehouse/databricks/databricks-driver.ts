import { DATABRICKS_CAPABILITIES } from './databricks-capabilities.js';
import { DBSQLClient } from '@databricks/sql';
import { AppError } from '../../errors/index.js';
import { ConnectionPool } from '../connection-pool.js';
import type { Dialect } from '../dialect.js';
import type { QueryOptions, QueryResult, ResultColumn, Row, RowStream, WarehouseDriver } from '../driver.js';
import { isAbortError, probed } from '../driver-errors.js';
import { databricksDialect } from './databricks-dialect.js';
import { translateDatabricksError } from './databricks-errors.js';
import { introspectDatabricks } from './databricks-introspect.js';
import { type ResultColumnDesc, resultTypeName, toCell } from './databricks-types.js';
import { UserClients } from './databricks-user-clients.js';

/** A resolved connection: secrets already read by the caller. */
export interface DatabricksConfig {
  /** Workspace host name, e.g. `dbc-a1b2c3d4-e5f6.cloud.databricks.com` (always HTTPS). */
  host: string;
  /** The SQL warehouse's HTTP path, e.g. `/sql/1.0/warehouses/1234567890abcdef`. */
  httpPath: string;
  /** A personal access token, or a service principal's OAuth client (machine-to-machine). */
  auth: { token: string } | { clientId: string; clientSecret: string };
  /** Unity Catalog catalog of unqualified schemas; `hive_metastore` has no key constraints. */
  catalog: string;
  /** Schema unqualified tables live in. */
  schema: string;
  /** Sessions kept open on the warehouse. */
  poolSize?: number;
  /** Statements running longer are cancelled by the warehouse (DRV_TIMEOUT). */
  statementTimeoutMs?: number;
}

/** Rows fetched per round trip, and per streamed batch. */
const BATCH = 10_000;

/** The client surface the driver uses (`DBSQLClient` of `@databricks/sql` 2.0.0). */
type Client = Pick<DBSQLClient, 'connect' | 'openSession' | 'close' | 'on'>;

type Session = Awaited<ReturnType<Client['openSession']>>;
type Operation = Awaited<ReturnType<Session['executeStatement']>>;

/**
 * Databricks SQL warehouses through the official Node.js client. Statements
 * run on a pool of sessions opened with the service credentials; a
 * statement under a user's identity runs on a session of its own opened
 * with that user's OAuth token (`identity.settings.oauth_token`), closed
 * after it, so Unity Catalog's grants, row filters and column masks apply
 * to the user. Delta commits each statement on its own: no multi-statement
 * transactions, so core code writes with the serialized strategy and a
 * write journal (src/writeback/README.md).
 */
export class DatabricksDriver implements WarehouseDriver {
  readonly dialect: Dialect;
  readonly capabilities = { ...DATABRICKS_CAPABILITIES };
  private readonly sessions: ConnectionPool<Session>;
  private readonly users: UserClients<Client>;
  private closed = false;

  private constructor(
    private readonly client: Client,
    private readonly config: DatabricksConfig,
  ) {
    this.dialect = databricksDialect({ schema: config.schema, unityCatalog: config.catalog !== 'hive_metastore' });
    this.sessions = new ConnectionPool(
      () => this.openSession(this.client),
      (session) => void session.close().catch(() => undefined),
      config.poolSize ?? 10,
    );
    this.users = new UserClients((token) => connectClient(config, { token }));
  }

  static async connect(config: DatabricksConfig): Promise<DatabricksDriver> {
    const client = await connectClient(config, config.auth).catch((error: unknown) => {
      throw translateDatabricksError(error, { connecting: true });
    });
    return probed(new DatabricksDriver(client, config));
  }

  async query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    const stream = await this.stream(sql, params, options);
    const rows: Row[] = [];
    try {
      for await (const batch of stream.batches) rows.push(...batch);
    } finally {
      await stream.close();
    }
    return { columns: stream.columns, rows };
  }

  /** Rows as the client fetches them, `BATCH` at a time; the session is held until the stream ends or is closed. */
  async stream(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<RowStream> {
    this.assertOpen();
    options.signal?.throwIfAborted();
    const { signal, identity } = options;
    const translate = (error: unknown) => {
      if (signal?.aborted || isAbortError(error)) return new DOMException('The query was cancelled.', 'AbortError');
      if (identity && (error as { statusCode?: number })?.statusCode === 401) this.users.drop(identity);
      return translateDatabricksError(error, { asUser: Boolean(identity) });
    };
    const lease = await this.lease(identity).catch((error: unknown) => {
      throw translate(error);
    });
    let operation: Operation | undefined;
    let done = false;
    const onAbort = () => void operation?.cancel().catch(() => undefined);
    const finish = async (broken = false) => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      await operation?.close().catch(() => undefined);
      await lease.release(broken);
    };
    try {
      operation = await lease.session.executeStatement(sql, { namedParameters: bindParams(params), queryTimeout: this.timeoutSeconds });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      const first = await operation.fetchChunk({ maxRows: BATCH, disableBuffering: true });
      const columns = resultColumns(await operation.getSchema());
      const running = operation;
      const batches = (async function* () {
        try {
          let chunk = first;
          for (;;) {
            if (chunk.length) yield chunk.map((row) => toRow(row, columns));
            if (!(await running.hasMoreRows())) break;
            chunk = await running.fetchChunk({ maxRows: BATCH, disableBuffering: true });
          }
        } catch (error) {
          throw translate(error);
        } finally {
          await finish();
        }
      })();
      return {
        columns,
        batches,
        close: async () => {
          await batches.return(undefined);
          // A stream closed before its first read never entered the generator's `finally`.
          await finish();
        },
      };
    } catch (error) {
      await finish(isSessionError(error));
      throw translate(error);
    }
  }

  /**
   * Databricks runs every statement on its own (one Delta commit each):
   * there is no transaction to roll back. Core code checks
   * `capabilities.transactions` and writes with the serialized strategy;
   * reaching this is a bug.
   */
  transaction<T>(): Promise<T> {
    return Promise.reject(
      new AppError('DRV_UNSUPPORTED', 'Databricks has no multi-statement transactions; nothing was written.', { capability: 'transactions' }),
    );
  }

  introspect() {
    return introspectDatabricks(this, this.config.catalog);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sessions.drain();
    await this.users.closeAll();
    await this.client.close().catch(() => undefined);
  }

  /** Whole seconds, at least one: the unit of STATEMENT_TIMEOUT. */
  private get timeoutSeconds(): number {
    return Math.max(1, Math.ceil((this.config.statementTimeoutMs ?? 30_000) / 1000));
  }

  /**
   * Session settings (https://docs.databricks.com/sql/language-manual/sql-ref-parameters):
   * timestamps read and shown in UTC, casts that fail loudly instead of
   * yielding NULL (ANSI_MODE), and the statement timeout.
   */
  private openSession(client: Client): Promise<Session> {
    return client.openSession({
      initialCatalog: this.config.catalog,
      initialSchema: this.config.schema,
      configuration: { TIMEZONE: 'UTC', ANSI_MODE: 'true', STATEMENT_TIMEOUT: String(this.timeoutSeconds) },
    });
  }

  /** A pooled service session, or a session of its own on the user's client (closed when released). */
  private async lease(identity: QueryOptions['identity']): Promise<{ session: Session; release(broken: boolean): Promise<void> }> {
    if (identity) {
      const session = await this.openSession(await this.users.get(identity));
      return { session, release: async () => void (await session.close().catch(() => undefined)) };
    }
    const session = await this.sessions.acquire();
    return {
      session,
      release: async (broken) => (broken ? this.sessions.discard(session) : this.sessions.release(session)),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('DRV_CONNECTION', `The Databricks driver for ${this.config.host} is closed.`);
  }
}

/** A client connected to the workspace: TLS always (the client speaks HTTPS only), exact numbers, no telemetry. */
async function connectClient(config: DatabricksConfig, auth: DatabricksConfig['auth']): Promise<Client> {
  const client = new DBSQLClient();
  // The client reports a broken connection as an 'error' event; the statement that meets it fails by itself.
  client.on('error', () => undefined);
  await client.connect({
    host: config.host,
    path: config.httpPath,
    ...('token' in auth ? { token: auth.token } : { authType: 'databricks-oauth', oauthClientId: auth.clientId, oauthClientSecret: auth.clientSecret }),
    // DECIMAL as exact text with its scale and BIGINT as bigint, instead of lossy JS numbers.
    preserveBigNumericPrecision: true,
    telemetryEnabled: false,
    userAgentEntry: 'roundtrip',
    retryMaxAttempts: 3,
  });
  return client;
}

/** The session itself is gone (expired on the server, network): it is dropped instead of going back to the pool. */
function isSessionError(error: unknown): boolean {
  const e = error as { message?: string; code?: string; statusCode?: number };
  return Boolean(e && (/invalid ?session|session.*(closed|expired|not found)/i.test(e.message ?? '') || e.statusCode !== undefined || e.code === 'ECONNRESET'));
}

/**
 * Positional values as the named parameters `p1`, `p2`, … the dialect's
 * `:pN` markers read. The client types them (string STRING, integer INT or
 * BIGINT, other numbers DOUBLE, boolean BOOLEAN, bigint BIGINT, Date
 * TIMESTAMP, null VOID); objects travel as JSON text.
 */
export function bindParams(params: readonly unknown[]): Record<string, string | number | boolean | bigint | Date | null> {
  const named: Record<string, string | number | boolean | bigint | Date | null> = {};
  params.forEach((value, i) => {
    named[`p${i + 1}`] =
      value === undefined || value === null
        ? null
        : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value instanceof Date
          ? value
          : JSON.stringify(value);
  });
  return named;
}

function resultColumns(schema: { columns?: ResultColumnDesc[] } | null): ResultColumn[] {
  return [...(schema?.columns ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((c) => ({ name: c.columnName, type: resultTypeName(c) }));
}

function toRow(values: object, columns: readonly ResultColumn[]): Row {
  const source = values as Record<string, unknown>;
  const row: Row = {};
  for (const column of columns) row[column.name] = toCell(source[column.name], column.type);
  return row;
}
