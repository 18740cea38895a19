import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import Cursor from 'pg-cursor';
import {
  DEFAULT_CAPABILITIES,
  type IdentityWrite,
  type NotificationChannel,
  type SharedLocks,
  type QueryOptions,
  type QueryResult,
  type Row,
  type RowStream,
  type TransactionOptions,
  type TransactionRunner,
  type WarehouseDriver,
  type WarehouseIdentity,
} from '../driver.js';
import { postgresDialect } from './postgres-dialect.js';
import { isAbortError, isWarehouseError, warehouseCall } from '../driver-errors.js';
import { isConnectionError, translatePostgresError } from './postgres-errors.js';
import { introspectPostgres } from './postgres-introspect.js';
import { postgresNotifications } from './postgres-notifications.js';
import { prepareWriteAs, type WriteAsFunction, writeAsCall, writeAsManyCall } from './postgres-write-as.js';
import type { RenderedSql } from '../sql.js';
import { jsonSafeTypes, resultTypeName } from './postgres-types.js';

/** A resolved connection: secrets already read by the caller. */
export interface PostgresConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  /** TLS with the server certificate verified, against the system's CAs (true) or this PEM certificate authority. */
  ssl?: boolean | { ca: string };
  poolSize?: number;
  /** Statements running longer are cancelled by the server (DRV_TIMEOUT). */
  statementTimeoutMs?: number;
  applicationName?: string;
}

/**
 * PostgreSQL (and Supabase) on `pg` with a pool. With an identity, a
 * transaction switches to the user's database role and claims
 * (`set_config('role', …, true)`, like PostgREST), so GRANTs and RLS apply.
 */
export class PostgresDriver implements WarehouseDriver {
  readonly dialect = postgresDialect;
  readonly capabilities = {
    ...DEFAULT_CAPABILITIES,
    supportsReturning: true,
    transactions: true,
    roles: true,
    enforcesKeys: true,
    writableCtes: true,
    identityBatch: true,
    transactionalDdl: true,
  };
  readonly notifications: NotificationChannel;
  readonly locks: SharedLocks = {
    hold: (name, work) => this.holdAdvisoryLock(name, work, ''),
    holdShared: (name, work) => this.holdAdvisoryLock(name, work, '_shared'),
  };
  private readonly pool: pg.Pool;

  private constructor(readonly config: PostgresConfig) {
    const connection: pg.ClientConfig = {
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      ssl: config.ssl ? { rejectUnauthorized: true, ...(typeof config.ssl === 'object' ? { ca: config.ssl.ca } : {}) } : undefined,
    };
    this.pool = new pg.Pool({
      ...connection,
      max: config.poolSize ?? 10,
      types: jsonSafeTypes,
      application_name: config.applicationName ?? 'roundtrip',
      statement_timeout: config.statementTimeoutMs ?? 30_000,
      // Only the few fixed-shape statements run with `prepare` are named; a generic plan lets them skip planning at each run.
      options: '-c TimeZone=UTC -c plan_cache_mode=force_generic_plan',
    });
    // An idle client losing its connection must not crash the process; the pool drops it.
    this.pool.on('error', () => undefined);
    // Nor one the server terminates while it closes (the pool has let go of it by then).
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.notifications = postgresNotifications(connection, this.pool);
  }

  static async connect(config: PostgresConfig): Promise<PostgresDriver> {
    const driver = new PostgresDriver(config);
    await driver.query('SELECT 1');
    return driver;
  }

  async query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    if (options.identity) return this.transaction((tx) => tx.query(sql, params), { identity: options.identity });
    const client = await this.connectClient();
    let broken: Error | undefined;
    try {
      return await runOn(client, sql, params, options.signal, this.pool, options.prepare);
    } catch (error) {
      if (isAbortError(error)) throw error;
      if (isConnectionError(error)) broken = error as Error;
      throw translatePostgresError(error);
    } finally {
      client.release(broken);
    }
  }

  /**
   * Streams through a server-side cursor (pg-cursor), a batch at a time;
   * under an identity the cursor runs inside a transaction that switched role.
   */
  async stream(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<RowStream> {
    options.signal?.throwIfAborted();
    const client = await this.connectClient();
    const pool = this.pool;
    let broken: Error | undefined;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      if (options.identity && !broken) await client.query('COMMIT').catch((error: unknown) => (broken = error as Error));
      client.release(broken);
    };
    const pid = (client as unknown as { processID?: number }).processID;
    const onAbort = () => void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (options.identity) {
        await client.query('BEGIN READ ONLY');
        await assumeIdentity(client, options.identity);
      }
      const cursor = client.query(new Cursor(sql, params as unknown[], { types: jsonSafeTypes }));
      const read = () =>
        new Promise<{ rows: Row[]; fields: pg.FieldDef[] }>((resolve, reject) =>
          cursor.read(STREAM_BATCH, (error, rows, result) => (error ? reject(error) : resolve({ rows: rows as Row[], fields: result?.fields ?? [] }))),
        );
      const first = await read().catch((error: unknown) => {
        throw translatePostgresError(error);
      });
      const columns = first.fields.map((f) => ({ name: f.name, type: resultTypeName(f.dataTypeID, f.dataTypeModifier) }));
      const batches = (async function* () {
        try {
          let batch = first.rows;
          while (batch.length > 0) {
            yield batch;
            batch = (
              await read().catch((error: unknown) => {
                if (isConnectionError(error)) broken = error as Error;
                throw translatePostgresError(error);
              })
            ).rows;
          }
        } finally {
          options.signal?.removeEventListener('abort', onAbort);
          await new Promise<void>((resolve) => cursor.close(() => resolve()));
          await release();
        }
      })();
      return { columns, batches, close: async () => void (await batches.return(undefined)) };
    } catch (error) {
      options.signal?.removeEventListener('abort', onAbort);
      if (isConnectionError(error)) broken = error as Error;
      else if (options.identity) await client.query('ROLLBACK').catch(() => undefined);
      released = true;
      client.release(broken);
      throw translatePostgresError(error);
    }
  }

  async transaction<T>(work: (tx: TransactionRunner) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.connectClient();
    let broken: Error | undefined;
    try {
      await warehouseCall(client.query('BEGIN'));
      if (options.identity) await warehouseCall(assumeIdentity(client, options.identity));
      const tx: TransactionRunner = {
        dialect: this.dialect,
        query: (sql, params = []) => warehouseCall(runOn(client, sql, params, undefined, this.pool)),
        useServiceIdentity: async () => {
          if (options.identity) await warehouseCall(client.query("SELECT set_config('role', 'none', true)"));
        },
      };
      const result = await work(tx);
      await warehouseCall(client.query('COMMIT'));
      return result;
    } catch (error) {
      if (isConnectionError(error)) broken = error as Error;
      else await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError as Error));
      // What the transaction's own code threw (an application error, a bug) is not the warehouse's to translate.
      throw isWarehouseError(error) ? translatePostgresError(error) : error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * A session advisory lock (exclusive, or shared with `_shared`) on a connection of its own, held while `work`
   * runs (which uses other connections or another warehouse). Waiting counts
   * against the statement timeout. Failing to release it is not an error of
   * `work`: the connection is dropped instead, which releases it.
   */
  private async holdAdvisoryLock<T>(name: string, work: () => Promise<T>, mode: '' | '_shared'): Promise<T> {
    const client = await this.connectClient();
    try {
      await warehouseCall(client.query(`SELECT pg_advisory_lock${mode}(hashtextextended($1, 0))`, [name]));
    } catch (error) {
      client.release(error as Error);
      throw translatePostgresError(error);
    }
    try {
      return await work();
    } finally {
      let broken: Error | undefined;
      await client.query(`SELECT pg_advisory_unlock${mode}(hashtextextended($1, 0))`, [name]).catch((error: Error) => (broken = error));
      client.release(broken);
    }
  }

  async writeAs(writes: readonly IdentityWrite[], columns: readonly { name: string; type: string }[]): Promise<QueryResult> {
    const [first] = writes;
    if (!first) return { columns: [...columns], rows: [] };
    if (writes.some((w) => w.statement.sql !== first.statement.sql || w.after?.sql !== first.after?.sql))
      throw new Error('Writes sharing a call must have one statement text and one audit text.');
    const client = await this.connectClient();
    let broken: Error | undefined;
    const one = async ({ identity, statement, after }: IdentityWrite, fn: WriteAsFunction) => {
      const call = writeAsCall(this.dialect.quoteIdent, identity.role, identity.settings, fn, statement, columns, after);
      return runOn(client, call.sql, call.params, undefined, this.pool, true);
    };
    try {
      const single = () => prepareWriteAs(client, first.statement, first.after, 'one') as Promise<WriteAsFunction>;
      if (writes.length === 1) return await one(first, await single());
      const many = await prepareWriteAs(client, first.statement, first.after, 'many');
      if (many) {
        const call = writeAsManyCall(this.dialect.quoteIdent, many, writes, columns);
        return await runOn(client, call.sql, call.params, undefined, this.pool, true);
      }
      // A shape that cannot take its values as lists: one call each, in one transaction, of a
      // function made before it (one made inside a transaction that rolled back would be gone).
      const fn = await single();
      await client.query('BEGIN');
      try {
        const rows: Row[] = [];
        for (const write of writes) rows.push(...(await one(write, fn)).rows);
        await client.query('COMMIT');
        return { columns: [...columns], rows };
      } catch (error) {
        if (!isConnectionError(error)) await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError as Error));
        throw error;
      }
    } catch (error) {
      if (isConnectionError(error)) broken = error as Error;
      throw translatePostgresError(error);
    } finally {
      client.release(broken);
    }
  }

  introspect() {
    return introspectPostgres(this);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connectClient(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw translatePostgresError(error);
    }
  }
}

/** Switches role and claims for the current transaction only (`is_local` = true). */
async function assumeIdentity(client: pg.PoolClient, identity: WarehouseIdentity): Promise<void> {
  const names = ['role', ...Object.keys(identity.settings)];
  const values = [identity.role, ...Object.values(identity.settings)];
  const calls = names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ');
  await client.query(
    `SELECT ${calls}`,
    names.flatMap((name, i) => [name, values[i]]),
  );
}

/** Rows fetched from a cursor per round trip while streaming. */
const STREAM_BATCH = 2_000;

/** Statements kept prepared per connection, at most; past it, statements are parsed at each run. */
const MAX_PREPARED_PER_CONNECTION = 100;
/** Per connection: the statement name of each prepared text's name (they differ once a statement was replaced). */
const preparedOn = new WeakMap<pg.PoolClient, Map<string, string>>();

/**
 * The name of the prepared statement of `sql` on this connection, or
 * undefined when the connection holds its share already. Names derive from
 * the text, so one text is prepared once per connection and two texts never
 * share one.
 */
function preparedName(client: pg.PoolClient, sql: string): string | undefined {
  const name = nameOf(sql);
  let names = preparedOn.get(client);
  if (!names) preparedOn.set(client, (names = new Map()));
  const current = names.get(name);
  if (current !== undefined) return current;
  if (names.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
  names.set(name, name);
  return name;
}

/**
 * After ALTER TABLE changed the type of a column a prepared statement
 * returns, PostgreSQL refuses to run it again ("cached plan must not change
 * result type", before executing anything). Drops it and gives the text a new
 * name on this connection, so the next run prepares it afresh.
 */
async function replacePrepared(client: pg.PoolClient, sql: string, stale: string): Promise<string> {
  const names = preparedOn.get(client)!;
  const fresh = `${nameOf(sql)}_${randomBytes(4).toString('hex')}`;
  names.set(nameOf(sql), fresh);
  await client.query(`DEALLOCATE ${stale}`);
  return fresh;
}

const isStalePlan = (error: unknown) =>
  (error as { code?: string; routine?: string })?.code === '0A000' && (error as { routine?: string }).routine === 'RevalidateCachedQuery';

/** Names by text, so a text run again is not hashed again (bounded: the texts are few fixed shapes). */
const names = new Map<string, string>();

function nameOf(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= 1000) names.clear();
    name = `rt_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    names.set(sql, name);
  }
  return name;
}

async function runOn(
  client: pg.PoolClient,
  sql: string,
  params: readonly unknown[],
  signal: AbortSignal | undefined,
  pool: pg.Pool,
  prepare = false,
): Promise<QueryResult> {
  signal?.throwIfAborted();
  const pid = (client as unknown as { processID?: number }).processID;
  const onAbort = () => void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const name = prepare ? preparedName(client, sql) : undefined;
    let result: pg.QueryResult;
    try {
      result = await client.query({ name, text: sql, values: params as unknown[] });
    } catch (error) {
      if (!(name && isStalePlan(error))) throw error;
      result = await client.query({ name: await replacePrepared(client, sql, name), text: sql, values: params as unknown[] });
    }
    const fields = result.fields ?? [];
    return { columns: fields.map((f) => ({ name: f.name, type: resultTypeName(f.dataTypeID, f.dataTypeModifier) })), rows: result.rows };
  } catch (error) {
    // PostgreSQL reports the cancel as 57014 query_canceled: to callers it is the abort they asked for.
    if (signal?.aborted) throw new DOMException('The query was cancelled.', 'AbortError');
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
