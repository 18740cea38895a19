import type { Dialect } from './dialect.js';
import type { Catalog } from './catalog.js';
import type { RenderedSql } from './sql.js';

/** A JSON-safe cell value as drivers return it (BIGINT and DECIMAL as strings). */
export type CellValue = string | number | boolean | null;
export type Row = Record<string, CellValue>;

export interface ResultColumn {
  name: string;
  /** Warehouse type as the dialect names it, e.g. `DECIMAL(18,2)`. */
  type: string;
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: Row[];
}

/**
 * A query's rows as the warehouse produces them, in batches, holding one
 * batch in memory at a time (exports of millions of rows). The connection is
 * held until `batches` is exhausted or `close` is called: callers close in a
 * `finally`.
 */
export interface RowStream {
  columns: ResultColumn[];
  batches: AsyncIterable<Row[]>;
  close(): Promise<void>;
}

/** Something that runs parameterised SQL: a driver, or one open transaction. */
export interface SqlRunner {
  /** How this runner's engine spells SQL: `runSql` renders statements with it. */
  readonly dialect: Dialect;
  /**
   * Runs one statement with positional parameters (`$1`, `$2`, … as rendered by
   * the dialect). Values are bound, never interpolated. Native errors are
   * translated to `AppError` with the original kept as `cause`.
   */
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
}

/** The identity setting holding the user's own OAuth access token, for engines that run statements with it (BigQuery, Databricks). */
export const OAUTH_TOKEN_SETTING = 'oauth_token';

/**
 * The warehouse identity a request runs under when the driver supports roles:
 * the database's own GRANTs and row-level security then apply.
 */
export interface WarehouseIdentity {
  /** Warehouse role switched to for the transaction only. */
  role: string;
  /** Settings (e.g. `request.jwt.claims`) set for the transaction only. */
  settings: Record<string, string>;
}

/** A write as a user's identity with its audit rows as the service's (`WarehouseDriver.writeAs`). */
export interface IdentityWrite {
  identity: WarehouseIdentity;
  statement: RenderedSql;
  after?: RenderedSql;
}

export interface QueryOptions {
  /**
   * Aborting cancels the running statement where the warehouse can; the call
   * then rejects with a DOMException named `AbortError` (the platform's
   * convention), whatever the warehouse's own error for it.
   */
  signal?: AbortSignal;
  /** Run as this identity (drivers with `capabilities.roles`); omitted: the service identity. */
  identity?: WarehouseIdentity;
  /**
   * The text is one of a few fixed shapes run often (e.g. the write of a
   * table): the driver may keep it prepared on its connection, so the
   * warehouse parses and plans it once instead of at every run.
   */
  prepare?: boolean;
}

export interface TransactionOptions {
  /** Run the transaction as this identity (drivers with `capabilities.roles`). */
  identity?: WarehouseIdentity;
}

/** The statements of one open transaction. */
export interface TransactionRunner extends SqlRunner {
  /**
   * Switches the rest of the transaction back to the driver's own (service)
   * identity, e.g. to write audit rows users may not write themselves. A no-op
   * when the transaction did not switch identity.
   */
  useServiceIdentity(): Promise<void>;
}

/**
 * What a warehouse can do. Core code branches on these, never on the engine
 * name. Every flag has a documented default in `DEFAULT_CAPABILITIES`.
 */
export interface DriverCapabilities {
  /** `UPDATE/INSERT/DELETE … RETURNING` is supported. */
  supportsReturning: boolean;
  /** Multi-statement transactions with rollback. */
  transactions: boolean;
  /** The warehouse can read a table as of a past time natively. */
  nativeTimeTravel: boolean;
  /** Writes can run under the end user's own database role. */
  roles: boolean;
  /** Unique violations surface only at COMMIT (DuckDB) instead of at the statement. */
  deferredUniqueChecks: boolean;
  /**
   * PRIMARY KEY and UNIQUE constraints are enforced. Without it, Roundtrip
   * refuses an insert whose key exists itself (inside the write's
   * transaction or lock); other UNIQUE constraints are not checked.
   */
  enforcesKeys: boolean;
  /**
   * Data-modifying statements in WITH (`WITH c AS (UPDATE … RETURNING …)
   * INSERT … SELECT … FROM c`) run as one atomic statement: a change and its
   * audit rows can be written in one round trip without a transaction.
   */
  writableCtes: boolean;
  /**
   * DDL (CREATE TABLE …) runs inside a transaction and rolls back with it.
   * Without it, DDL commits an open transaction (Snowflake) or is refused in
   * one (BigQuery): seed scripts then run statement by statement.
   */
  transactionalDdl: boolean;
  /**
   * `writeAs` runs a statement under a user's identity and a follow-up under
   * the service identity atomically in one round trip.
   */
  identityBatch: boolean;
}

export const DEFAULT_CAPABILITIES: DriverCapabilities = {
  supportsReturning: false,
  transactions: false,
  nativeTimeTravel: false,
  roles: false,
  deferredUniqueChecks: false,
  enforcesKeys: false,
  writableCtes: false,
  identityBatch: false,
  transactionalDdl: false,
};

/** Cross-process notifications (PostgreSQL LISTEN/NOTIFY), for system stores shared by several servers. */
export interface NotificationChannel {
  /** Calls `handler` with each payload sent on `channel`; resolves to an unsubscribe function. Reconnects by itself. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  /** Sends `payload` (at most 7,900 bytes) to every listener of `channel`, in every process. */
  notify(channel: string, payload: string): Promise<void>;
}

/**
 * Named locks that every process connected to the same database respects
 * (PostgreSQL advisory locks), for system stores shared by several servers.
 */
export interface SharedLocks {
  /**
   * Runs `work` holding the lock `name`, after any other holder in any
   * process let go of it. Released when `work` settles, or by the database
   * when this process's connection is lost.
   */
  hold<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Runs `work` holding `name` shared: with other shared holders, never with a `hold` of it. */
  holdShared<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** The one interface every warehouse implements; see `conformance/`. */
export interface WarehouseDriver extends SqlRunner {
  readonly dialect: Dialect;
  readonly capabilities: DriverCapabilities;
  /** Runs one statement; see `SqlRunner.query`. Honors `options.signal`. */
  query(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult>;
  /** Runs one query and streams its rows (see `RowStream`). Honours `options.signal` and `options.identity`. */
  stream(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<RowStream>;
  /**
   * Runs `work` inside one transaction on one connection: commits when it
   * resolves, rolls back and rethrows when it throws (including a failed COMMIT).
   */
  transaction<T>(work: (tx: TransactionRunner) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Drivers with `capabilities.identityBatch`: runs each write's `statement`
   * as its `identity` and, only when it returned rows, its `after` as the
   * service identity, all as ONE atomic round trip (single-cell writes under
   * passthrough identity and their audit rows; several at once under load:
   * group commit). The writes share one statement text and one `after` text,
   * and their identities the same setting names. `columns` gives the names
   * and SQL types of the rows the statements return, which are returned, the
   * writes' in their order.
   */
  writeAs?(writes: readonly IdentityWrite[], columns: readonly { name: string; type: string }[]): Promise<QueryResult>;
  /** Present where the warehouse can notify other processes (used by the system store). */
  readonly notifications?: NotificationChannel;
  /** Present where the warehouse has locks other processes respect (used by the system store). */
  readonly locks?: SharedLocks;
  /** Reads the catalogue: tables, columns, types, nullability, primary keys. */
  introspect(): Promise<Catalog>;
  /** Releases every connection; the driver is unusable afterwards. */
  close(): Promise<void>;
}
