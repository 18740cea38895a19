import { SNOWFLAKE_CAPABILITIES } from './snowflake-capabilities.js';
import snowflake, { type Connection, type ConnectionOptions } from 'snowflake-sdk';
import { AppError } from '../../errors/index.js';
import { ConnectionPool } from '../connection-pool.js';
import type { Dialect } from '../dialect.js';
import type { QueryOptions, QueryResult, Row, RowStream, TransactionOptions, TransactionRunner, WarehouseDriver, WarehouseIdentity } from '../driver.js';
import { isAbortError, isWarehouseError, warehouseCall } from '../driver-errors.js';
import { snowflakeDialect } from './snowflake-dialect.js';
import { isSessionLost, translateSnowflakeError } from './snowflake-errors.js';
import { introspectSnowflake } from './snowflake-introspect.js';
import { assumeIdentity, restoreServiceIdentity, sessionParameters } from './snowflake-session.js';
import { foldName } from './snowflake-names.js';
import { abortError, columnsOf, execute, resultColumns, toResult, toRows } from './snowflake-statement.js';

/** How the service user logs in; secrets already read by the caller. */
export type SnowflakeAuth =
  | { kind: 'password'; password: string }
  | { kind: 'keyPair'; privateKey: string; passphrase?: string }
  | { kind: 'oauth'; token: string };

/** A resolved connection (see snowflake-config.ts). */
export interface SnowflakeConfig {
  account: string;
  username: string;
  auth: SnowflakeAuth;
  warehouse: string;
  database: string;
  schema: string;
  /** The service identity's role; default: the user's default role. */
  role?: string;
  poolSize?: number;
  /** Statements running longer are cancelled by Snowflake (DRV_TIMEOUT). */
  statementTimeoutMs?: number;
}

/** One open session and the role the service identity uses on it. */
interface Session {
  connection: Connection;
  serviceRole: string;
}

/** Where a session stands after connecting: names as Snowflake stores them (`PUBLIC`), read from folded result columns. */
interface SessionContext {
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
}

/** Rows handed out per batch while streaming. */
const STREAM_BATCH = 5_000;

function connectionOptions(config: SnowflakeConfig): ConnectionOptions {
  const auth: ConnectionOptions =
    config.auth.kind === 'password'
      ? { authenticator: 'SNOWFLAKE', password: config.auth.password }
      : config.auth.kind === 'keyPair'
        ? { authenticator: 'SNOWFLAKE_JWT', privateKey: config.auth.privateKey, privateKeyPass: config.auth.passphrase }
        : { authenticator: 'OAUTH', token: config.auth.token };
  return {
    account: config.account,
    username: config.username,
    ...auth,
    warehouse: config.warehouse,
    database: config.database,
    schema: config.schema,
    role: config.role,
  };
}

/**
 * Snowflake through `snowflake-sdk`, over HTTPS. Each pooled connection is a
 * session set up once (`sessionParameters`, secondary roles off) and used by
 * one statement or one transaction at a time.
 *
 * Names: Snowflake folds unquoted identifiers to upper case, Roundtrip names
 * are lower case. Sessions resolve quoted names upper case too
 * (QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE), and every name handed back is
 * folded (`foldName`: `BUDGET_LINES` is `budget_lines`, `Amount` stays):
 * result columns, the catalogue and the dialect's `defaultSchema` (`PUBLIC`
 * is `public`, as `findCatalogTable` compares it with catalogue schemas).
 */
export class SnowflakeDriver implements WarehouseDriver {
  readonly dialect: Dialect;
  readonly capabilities = { ...SNOWFLAKE_CAPABILITIES };
  private closed = false;

  private constructor(
    private readonly pool: ConnectionPool<Session>,
    private readonly database: string,
    schema: string,
  ) {
    this.dialect = snowflakeDialect(foldName(schema));
  }

  /** Opens a first session, which checks the login, the warehouse, the database and the schema. */
  static async connect(config: SnowflakeConfig): Promise<SnowflakeDriver> {
    let context: SessionContext | undefined;
    const pool = new ConnectionPool<Session>(
      async () => {
        const opened = await openSession(config);
        context ??= opened.context;
        return opened.session;
      },
      (session) => session.connection.destroy(() => undefined),
      config.poolSize ?? 10,
    );
    const first = await pool.acquire();
    pool.release(first);
    return new SnowflakeDriver(pool, context!.database!, context!.schema!);
  }

  async query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    return this.withSession(options.identity, async (session) => toResult(await execute(session.connection, sql, params, { signal: options.signal })));
  }

  /** Waits for the statement to finish, then reads its result as a stream (`streamRows`), a batch at a time. */
  async stream(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<RowStream> {
    const { signal, identity } = options;
    const lease = await this.lease(identity);
    let executed: Awaited<ReturnType<typeof execute>>;
    try {
      executed = await execute(lease.session.connection, sql, params, { signal, stream: true });
    } catch (error) {
      await lease.end(error);
      throw this.translate(error, identity);
    }
    const columns = columnsOf(executed.statement);
    const rows = executed.statement.streamRows();
    const onAbort = () => rows.destroy(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const translate = (error: unknown) => this.translate(error, identity);
    let ended = false;
    // Once only: from the end of the batches, or from `close` (a generator never started runs no `finally`).
    const end = async (failure?: unknown) => {
      if (ended) return;
      ended = true;
      signal?.removeEventListener('abort', onAbort);
      rows.destroy();
      await lease.end(failure);
    };
    const batches = (async function* () {
      let failure: unknown;
      try {
        let batch: unknown[][] = [];
        for await (const row of rows) {
          batch.push(row as unknown[]);
          if (batch.length >= STREAM_BATCH) {
            yield toRows(columns, batch);
            batch = [];
          }
        }
        if (batch.length) yield toRows(columns, batch);
      } catch (error) {
        failure = error;
        throw signal?.aborted ? abortError() : translate(error);
      } finally {
        await end(failure);
      }
    })() as AsyncGenerator<Row[]>;
    return {
      columns: resultColumns(columns),
      batches,
      close: async () => {
        await batches.return(undefined);
        await end();
      },
    };
  }

  async transaction<T>(work: (tx: TransactionRunner) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const lease = await this.lease(options.identity);
    const { connection } = lease.session;
    let failure: unknown;
    let drop = false;
    try {
      await warehouseCall(execute(connection, 'BEGIN TRANSACTION'));
      const tx: TransactionRunner = {
        dialect: this.dialect,
        query: (sql, params = []) =>
          warehouseCall(
            execute(connection, sql, params).then(toResult, (error: unknown) => {
              throw this.translate(error, lease.identity);
            }),
          ),
        useServiceIdentity: () => warehouseCall(lease.useServiceIdentity()),
      };
      const result = await work(tx);
      await warehouseCall(execute(connection, 'COMMIT'));
      return result;
    } catch (error) {
      failure = error;
      // A session whose transaction may still be open is never reused.
      if (!isSessionLost(error)) await execute(connection, 'ROLLBACK').catch(() => (drop = true));
      // What the transaction's own code threw (an application error, a bug) is not the warehouse's to translate.
      throw isWarehouseError(error) ? this.translate(error, lease.identity) : error;
    } finally {
      await lease.end(failure, drop);
    }
  }

  introspect() {
    return introspectSnowflake(this, this.database);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pool.drain();
  }

  private async withSession<T>(identity: WarehouseIdentity | undefined, work: (session: Session) => Promise<T>): Promise<T> {
    const lease = await this.lease(identity);
    let failure: unknown;
    try {
      return await work(lease.session);
    } catch (error) {
      failure = error;
      throw this.translate(error, identity);
    } finally {
      await lease.end(failure);
    }
  }

  /**
   * A session for one statement or transaction, switched to `identity` when
   * given. `end` switches it back to the service role before the pool gets
   * it again; a session that cannot be switched back, or was lost, is
   * dropped, never reused under a user's role.
   */
  private async lease(identity: WarehouseIdentity | undefined) {
    if (this.closed) throw new AppError('DRV_CONNECTION', 'The Snowflake driver is closed.');
    const session = await this.pool.acquire().catch((error: unknown) => {
      throw translateSnowflakeError(error, { phase: 'connect' });
    });
    const pool = this.pool;
    let current = identity;
    const toService = async () => {
      if (!current) return;
      const was = current;
      current = undefined;
      await restoreServiceIdentity(session.connection, session.serviceRole, was);
    };
    if (identity) {
      try {
        await assumeIdentity(session.connection, identity);
      } catch (error) {
        await toService().then(
          () => pool.release(session),
          () => pool.discard(session),
        );
        throw this.translate(error, identity);
      }
    }
    return {
      session,
      get identity() {
        return current;
      },
      /** Mid-transaction: back to the service role, checking that the transaction is still open (the switch must not end it). */
      async useServiceIdentity() {
        if (!current) return;
        await toService();
        const open = await execute(session.connection, 'SELECT CURRENT_TRANSACTION() AS "TX"');
        if (open.rows?.[0]?.[0] == null)
          throw new AppError('DRV_UNSUPPORTED', 'Switching Snowflake roles ended the transaction; nothing is committed by Roundtrip after it.');
      },
      /** Gives the session back (or drops it: `drop`, or lost with `failure`). */
      async end(failure: unknown, drop = false) {
        let broken = drop || (failure !== undefined && isSessionLost(failure));
        if (!broken) await toService().catch(() => (broken = true));
        if (broken) pool.discard(session);
        else pool.release(session);
      },
    };
  }

  private translate(error: unknown, identity: WarehouseIdentity | undefined): unknown {
    if (isAbortError(error)) return error;
    return translateSnowflakeError(error, { phase: 'statement', asUser: identity !== undefined });
  }
}

/** Logs in and sets the session up; refuses a session without its warehouse, database or schema (login accepts missing ones). */
async function openSession(config: SnowflakeConfig): Promise<{ session: Session; context: SessionContext }> {
  const connection = snowflake.createConnection(connectionOptions(config));
  try {
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    await execute(connection, `ALTER SESSION SET ${sessionParameters(config.statementTimeoutMs ?? 30_000)}`);
    // Secondary roles would add every other granted role's privileges to a user's role (docs: "USE SECONDARY ROLES").
    await execute(connection, 'USE SECONDARY ROLES NONE');
    const result = toResult(
      await execute(
        connection,
        'SELECT CURRENT_ROLE() AS "ROLE", CURRENT_WAREHOUSE() AS "WAREHOUSE", CURRENT_DATABASE() AS "DATABASE", CURRENT_SCHEMA() AS "SCHEMA"',
      ),
    );
    const context = result.rows[0] as unknown as SessionContext;
    const missing = (['warehouse', 'database', 'schema', 'role'] as const).filter((name) => !context?.[name]);
    if (missing.length) {
      throw new AppError(
        'DRV_NOT_FOUND',
        `Snowflake opened the session without its ${missing.join(', ')}: the ${missing[0]} named in roundtrip.yaml does not exist, or the login may not use it.`,
        { missing: missing.map((name) => name.toUpperCase()) },
      );
    }
    return { session: { connection, serviceRole: context.role! }, context };
  } catch (error) {
    connection.destroy(() => undefined);
    throw translateSnowflakeError(error, { phase: 'connect' });
  }
}
