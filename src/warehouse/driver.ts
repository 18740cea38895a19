import type { Dialect } from './dialect.js';
import type { Catalog } from './catalog.js';

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

/** Something that runs parameterised SQL: a driver, or one open transaction. */
export interface SqlRunner {
  /**
   * Runs one statement with positional parameters (`$1`, `$2`, … as rendered by
   * the dialect). Values are bound, never interpolated. Native errors are
   * translated to `AppError` with the original kept as `cause`.
   */
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
}

export interface QueryOptions {
  /** Aborting cancels the running statement where the warehouse can. */
  signal?: AbortSignal;
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
}

export const DEFAULT_CAPABILITIES: DriverCapabilities = {
  supportsReturning: false,
  transactions: false,
  nativeTimeTravel: false,
  roles: false,
  deferredUniqueChecks: false,
};

/** The one interface every warehouse implements; see `conformance/`. */
export interface WarehouseDriver extends SqlRunner {
  readonly dialect: Dialect;
  readonly capabilities: DriverCapabilities;
  /** Runs one statement; see `SqlRunner.query`. Honors `options.signal`. */
  query(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult>;
  /**
   * Runs `work` inside one transaction on one connection: commits when it
   * resolves, rolls back and rethrows when it throws (including a failed COMMIT).
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Reads the catalogue: tables, columns, types, nullability, primary keys. */
  introspect(): Promise<Catalog>;
  /** Releases every connection; the driver is unusable afterwards. */
  close(): Promise<void>;
}
