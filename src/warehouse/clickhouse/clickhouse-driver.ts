import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { AppError } from '../../errors/index.js';
import type { Dialect } from '../dialect.js';
import { DEFAULT_CAPABILITIES, type QueryOptions, type QueryResult, type Row, type RowStream, type WarehouseDriver } from '../driver.js';
import { isAbortError, probed } from '../driver-errors.js';
import { clickhouseDialect, TEXT_PARAM_TYPE } from './clickhouse-dialect.js';
import { translateClickhouseError } from './clickhouse-errors.js';
import { introspectClickhouse } from './clickhouse-introspect.js';
import { openEmbeddedConnection, type EmbeddedConnection } from './clickhouse-embedded.js';

export interface ClickhouseConfig {
  /** A ClickHouse server (`https://host:8443`); or, with `path`, the in-process engine. */
  url?: string;
  /** Folder of the in-process engine (`chdb`), or `:memory:`. */
  path?: string;
  /** The database unqualified tables live in. */
  database: string;
  username?: string;
  password?: string;
  /** Server-side limit of one statement, and the client's wait for it. */
  statementTimeoutMs?: number;
  /** Connections kept open to a server. */
  poolSize?: number;
}

/**
 * Settings every statement runs with, so that ClickHouse reads and answers
 * like the other engines: 64-bit integers and decimals as JSON strings (no
 * precision lost, decimals with their scale), an outer join's missing side as
 * NULL (not the type's default), a cast of NULL as NULL, text parsed into timestamps with or without `T`/zone,
 * and columns of portable DDL nullable unless declared NOT NULL.
 */
const SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_decimals: 1,
  output_format_decimal_trailing_zeros: 1,
  join_use_nulls: 1,
  cast_keep_nullable: 1,
  cast_string_to_date_time_mode: 'best_effort',
  date_time_input_format: 'best_effort',
  data_type_default_nullable: 1,
  default_table_engine: 'MergeTree',
  create_table_empty_primary_key_by_default: 1,
};

/** Statements that answer with rows (after any leading comments); anything else runs as a command. */
const READS = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(\(|SELECT\b|WITH\b|SHOW\b|DESCRIBE\b|DESC\b|EXPLAIN\b|EXISTS\b)/i;
const PLACEHOLDER = new RegExp(`\\{p(\\d+):${TEXT_PARAM_TYPE.replace(/[()]/g, '\\$&')}\\}`, 'g');

/**
 * ClickHouse through the official client: a server over HTTP(S), or the
 * in-process engine (`chdb`) behind the same client. ClickHouse has no
 * multi-statement transactions, no RETURNING and does not enforce keys: the
 * capabilities say so, and core code writes to it with the strategy for such
 * engines (src/writeback/README.md).
 */
export class ClickhouseDriver implements WarehouseDriver {
  readonly dialect: Dialect;
  readonly capabilities = { ...DEFAULT_CAPABILITIES };
  private closed = false;

  private constructor(
    private readonly client: ClickHouseClient,
    private readonly embedded: EmbeddedConnection | undefined,
    private readonly config: ClickhouseConfig,
  ) {
    this.dialect = clickhouseDialect(config.database);
  }

  static async connect(config: ClickhouseConfig): Promise<ClickhouseDriver> {
    if (!config.url === !config.path)
      throw new AppError('CFG_INVALID', 'roundtrip.yaml: a ClickHouse warehouse needs either url (a server) or path (in process).');
    const settings: ClickHouseSettings = { ...SETTINGS, max_execution_time: Math.ceil((config.statementTimeoutMs ?? 30_000) / 1000) };
    // The in-process engine keeps settings on its one session: set once there instead of before every statement.
    const embedded = config.path
      ? await openEmbeddedConnection(config.path, clickhouseDialect(config.database).quoteIdent(config.database), settings)
      : undefined;
    const client = createClient({
      ...(embedded ? { connection: embedded.connection } : { url: config.url, max_open_connections: config.poolSize ?? 10 }),
      username: config.username,
      password: config.password,
      database: config.database,
      request_timeout: (config.statementTimeoutMs ?? 30_000) + 5_000,
      ...(embedded ? {} : { clickhouse_settings: settings }),
    });
    return probed(new ClickhouseDriver(client, embedded, config));
  }

  async query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    this.assertOpen();
    options.signal?.throwIfAborted();
    const bound = bind(sql, params);
    try {
      if (!READS.test(sql)) {
        await this.client.command({ query: bound.sql, query_params: bound.values, abort_signal: options.signal });
        return { columns: [], rows: [] };
      }
      const result = await this.client.query({
        query: bound.sql,
        query_params: bound.values,
        format: 'JSONCompactEachRowWithNamesAndTypes',
        abort_signal: options.signal,
      });
      const [names, types, ...data] = await result.json<unknown[]>();
      return toResult(names as string[], types as string[], data);
    } catch (error) {
      throw this.translate(error, options.signal);
    }
  }

  /**
   * Streams rows in batches as the client reads them, at most
   * `STREAM_BATCH` rows each; the in-process engine hands over its whole
   * result at once, which is then given out in batches as well.
   */
  async stream(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<RowStream> {
    this.assertOpen();
    options.signal?.throwIfAborted();
    const bound = bind(sql, params);
    const result = await this.client
      .query({ query: bound.sql, query_params: bound.values, format: 'JSONCompactEachRowWithNamesAndTypes', abort_signal: options.signal })
      .catch((error: unknown) => {
        throw this.translate(error, options.signal);
      });
    const raw = result.stream<unknown[]>();
    const iterator = raw[Symbol.asyncIterator]();
    const header: unknown[][] = [];
    let pending: unknown[][] = [];
    // The first two rows are the names and the types.
    while (header.length < 2) {
      const next = await iterator.next();
      if (next.done) break;
      for (const row of next.value) {
        if (header.length < 2) header.push(row.json());
        else pending.push(row.json());
      }
    }
    const names = (header[0] ?? []) as string[];
    const types = (header[1] ?? []) as string[];
    const translate = (error: unknown) => this.translate(error, options.signal);
    const batches = (async function* () {
      try {
        const batch = pending;
        pending = [];
        for (;;) {
          while (batch.length >= STREAM_BATCH) yield toResult(names, types, batch.splice(0, STREAM_BATCH)).rows;
          const next = await iterator.next();
          if (next.done) break;
          for (const row of next.value) batch.push(row.json());
        }
        if (batch.length) yield toResult(names, types, batch).rows;
      } catch (error) {
        throw translate(error);
      } finally {
        raw.destroy();
      }
    })();
    return {
      columns: names.map((name, i) => ({ name, type: types[i] ?? 'String' })),
      batches,
      close: async () => {
        await batches.return(undefined);
        raw.destroy();
      },
    };
  }

  /**
   * ClickHouse runs every statement on its own: there is no transaction to
   * roll back. Core code checks `capabilities.transactions` and writes with
   * the strategy for such engines; reaching this is a bug.
   */
  transaction<T>(): Promise<T> {
    return Promise.reject(
      new AppError('DRV_UNSUPPORTED', 'ClickHouse has no multi-statement transactions; nothing was written.', { capability: 'transactions' }),
    );
  }

  introspect() {
    return introspectClickhouse(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close().catch(() => undefined);
    await this.embedded?.release();
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('DRV_CONNECTION', `The ClickHouse driver for ${this.config.url ?? this.config.path} is closed.`);
  }

  private translate(error: unknown, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted || isAbortError(error)) return new DOMException('The query was cancelled.', 'AbortError');
    return translateClickhouseError(error);
  }
}

const STREAM_BATCH = 10_000;

/**
 * Positional values as named query parameters (`p1`, `p2`, …). Placeholders
 * are written for text; one whose value is a number, a boolean or a list is
 * retyped here, so `LIMIT`, `IN` lists and staged arrays bind as what they are.
 */
function bind(sql: string, params: readonly unknown[]): { sql: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  params.forEach((value, i) => (values[`p${i + 1}`] = toParamValue(value)));
  const text = sql.replace(PLACEHOLDER, (whole, n: string) => {
    const value = values[`p${n}`];
    if (!(`p${n}` in values)) throw new AppError('DRV_QUERY_FAILED', `The statement uses parameter ${n} but only ${params.length} were given.`);
    return `{p${n}:${paramType(value)}}`;
  });
  return { sql: text, values };
}

function toParamValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v)));
  return value;
}

function paramType(value: unknown): string {
  if (typeof value === 'bigint') return 'Int64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Float64';
  if (typeof value === 'boolean') return 'Bool';
  if (Array.isArray(value)) return 'Array(Nullable(String))';
  return TEXT_PARAM_TYPE;
}

/** Rows as objects; `Bool` columns as booleans, everything else as the JSON format gives it (64-bit and decimals as strings). */
function toResult(names: string[], types: string[], data: unknown[]): QueryResult {
  const rows: Row[] = (data as unknown[][]).map((values) => {
    const row: Row = {};
    names.forEach((name, i) => (row[name] = values[i] as Row[string]));
    return row;
  });
  return { columns: names.map((name, i) => ({ name, type: types[i] ?? 'String' })), rows };
}
