import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../errors/index.js';
import type { WarehouseDriver } from '../driver.js';
import { renderSql } from '../sql.js';

/** A column of the fake's result schema: name and Hive type id (TCLIService TTypeId), with decimal precision/scale. */
type FakeColumn = [name: string, type: number, precision?: number, scale?: number];
interface FakeResult {
  columns?: FakeColumn[];
  chunks?: object[][];
  /** Rejects the statement (at execute) or its fetch (at fetch). */
  fail?: { at: 'execute' | 'fetch'; error: unknown };
  /** The fetch waits until the operation is cancelled. */
  hang?: boolean;
}

const fake = vi.hoisted(() => {
  const state = {
    clients: [] as { options: Record<string, unknown>; sessions: unknown[]; closed: boolean }[],
    sessions: [] as { request: Record<string, unknown>; client: number; closed: boolean }[],
    statements: [] as { sql: string; options: Record<string, unknown>; session: number; cancelled: boolean; closed: boolean }[],
    respond: (_sql: string): FakeResult => ({}),
    connectError: undefined as unknown,
    openSessionError: undefined as unknown,
  };
  class DBSQLClient {
    private index = -1;
    on() {
      return this;
    }
    async connect(options: Record<string, unknown>) {
      if (state.connectError) throw state.connectError;
      this.index = state.clients.push({ options, sessions: [], closed: false }) - 1;
      return this;
    }
    async openSession(request: Record<string, unknown>) {
      if (state.openSessionError) throw state.openSessionError;
      const record = { request, client: this.index, closed: false };
      const sessionIndex = state.sessions.push(record) - 1;
      return {
        async executeStatement(sql: string, options: Record<string, unknown>) {
          const result = state.respond(sql);
          const statement = { sql, options, session: sessionIndex, cancelled: false, closed: false };
          state.statements.push(statement);
          if (result.fail?.at === 'execute') throw result.fail.error;
          const chunks = [...(result.chunks ?? [])];
          let cancel: () => void = () => undefined;
          return {
            async fetchChunk() {
              if (result.hang) await new Promise<void>((resolve) => (cancel = resolve));
              if (statement.cancelled) throw Object.assign(new Error('The operation was canceled by a client'), { errorCode: 'CANCELED' });
              if (result.fail?.at === 'fetch') throw result.fail.error;
              return chunks.shift() ?? [];
            },
            async hasMoreRows() {
              return chunks.length > 0;
            },
            async getSchema() {
              return {
                columns: (result.columns ?? []).map(([columnName, type, precision, scale], i) => ({
                  columnName,
                  position: i + 1,
                  typeDesc: {
                    types: [
                      {
                        primitiveEntry: {
                          type,
                          typeQualifiers: precision === undefined ? null : { qualifiers: { precision: { i32Value: precision }, scale: { i32Value: scale } } },
                        },
                      },
                    ],
                  },
                })),
              };
            },
            async cancel() {
              statement.cancelled = true;
              cancel();
              return {};
            },
            async close() {
              statement.closed = true;
              return {};
            },
          };
        },
        async close() {
          record.closed = true;
          return {};
        },
      };
    }
    async close() {
      const client = state.clients[this.index];
      if (client) client.closed = true;
    }
  }
  return { state, DBSQLClient };
});

vi.mock('@databricks/sql', () => ({ DBSQLClient: fake.DBSQLClient }));

const { DatabricksDriver } = await import('./databricks-driver.js');
const state = fake.state;

const CONFIG = {
  host: 'dbc-1.cloud.databricks.com',
  httpPath: '/sql/1.0/warehouses/abc',
  auth: { token: 'dapi-service' },
  catalog: 'main',
  schema: 'sales',
  poolSize: 1,
  statementTimeoutMs: 30_000,
};

const code = (error: unknown) => (error as AppError).code;

beforeEach(() => {
  state.clients.length = 0;
  state.sessions.length = 0;
  state.statements.length = 0;
  state.respond = () => ({});
  state.connectError = undefined;
  state.openSessionError = undefined;
});

describe('DatabricksDriver at the client boundary', () => {
  it('connects over the token, opens sessions in the catalog with UTC, ANSI mode and the timeout, and checks with SELECT 1', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    expect(state.clients[0]!.options).toMatchObject({
      host: 'dbc-1.cloud.databricks.com',
      path: '/sql/1.0/warehouses/abc',
      token: 'dapi-service',
      preserveBigNumericPrecision: true,
      telemetryEnabled: false,
    });
    expect(state.sessions[0]!.request).toEqual({
      initialCatalog: 'main',
      initialSchema: 'sales',
      configuration: { TIMEZONE: 'UTC', ANSI_MODE: 'true', STATEMENT_TIMEOUT: '30' },
    });
    expect(state.statements.map((s) => s.sql)).toEqual(['SELECT 1']);
    expect(driver.capabilities).toMatchObject({ transactions: false, supportsReturning: false, enforcesKeys: false, nativeTimeTravel: true, roles: true });
    await driver.close();
    expect(state.clients[0]!.closed).toBe(true);
  });

  it('logs in a service principal with OAuth machine-to-machine', async () => {
    await DatabricksDriver.connect({ ...CONFIG, auth: { clientId: 'sp-id', clientSecret: 'sp-secret' } });
    expect(state.clients[0]!.options).toMatchObject({ authType: 'databricks-oauth', oauthClientId: 'sp-id', oauthClientSecret: 'sp-secret' });
    expect(state.clients[0]!.options).not.toHaveProperty('token');
  });

  it('binds values as named parameters p1…pN, nulls as null, staged rows as one JSON text', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    await driver.query('SELECT :p1, :p2, :p3, :p4, :p5', ['text', 12, null, true, 9007199254740993n]);
    expect(state.statements.at(-1)!.options.namedParameters).toEqual({ p1: 'text', p2: 12, p3: null, p4: true, p5: 9007199254740993n });
    const key = [{ name: 'id', type: driver.dialect.parseType('INT') }];
    const q = renderSql(driver.dialect.deleteByKey('orders', key, [['1'], ["it's"]]), driver.dialect);
    await driver.query(q.sql, q.params);
    expect(state.statements.at(-1)!.options.namedParameters).toEqual({ p1: '[["1"],["it\'s"]]' });
    expect(state.statements.at(-1)!.options.queryTimeout).toBe(30);
  });

  it('maps result values to JSON cells: decimals and 64-bit integers as text, dates, UTC timestamps, booleans, nulls', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    state.respond = () => ({
      columns: [
        ['id', 3],
        ['big', 4],
        ['amount', 15, 18, 2],
        ['flag', 0],
        ['day', 17],
        ['at', 8],
        ['note', 7],
      ],
      chunks: [
        [
          {
            id: 1,
            big: 9007199254740993n,
            amount: '12345678.91',
            flag: true,
            day: new Date('2026-02-28T00:00:00Z'),
            at: new Date('2026-02-28T10:11:12Z'),
            note: null,
          },
        ],
      ],
    });
    const result = await driver.query('SELECT * FROM t');
    expect(result.columns).toEqual([
      { name: 'id', type: 'INT' },
      { name: 'big', type: 'BIGINT' },
      { name: 'amount', type: 'DECIMAL(18,2)' },
      { name: 'flag', type: 'BOOLEAN' },
      { name: 'day', type: 'DATE' },
      { name: 'at', type: 'TIMESTAMP' },
      { name: 'note', type: 'STRING' },
    ]);
    expect(result.rows).toEqual([
      { id: 1, big: '9007199254740993', amount: '12345678.91', flag: true, day: '2026-02-28', at: '2026-02-28T10:11:12.000Z', note: null },
    ]);
    expect(state.statements.at(-1)!.closed).toBe(true);
  });

  it('translates native errors, keeping them as cause', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    const failing = (error: unknown, at: 'execute' | 'fetch' = 'fetch') => {
      state.respond = () => ({ fail: { at, error } });
      return driver.query('UPDATE t SET a = 1').catch((e: unknown) => e);
    };
    const conflict = Object.assign(new Error('[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update.'), {
      errorCode: 'ERROR',
      response: { sqlState: '2D521' },
    });
    const translated = await failing(conflict);
    expect(code(translated)).toBe('DRV_TRANSACTION_CONFLICT');
    expect((translated as AppError).cause).toBe(conflict);
    expect(code(await failing(new Error('[CAST_INVALID_INPUT] The value \'x\' of the type "STRING" cannot be cast to "INT". SQLSTATE: 22018')))).toBe(
      'DRV_CONSTRAINT_VIOLATION',
    );
    expect(code(await failing({ name: 'Status Error', message: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `x` cannot be found.', code: 3 }, 'execute'))).toBe(
      'DRV_QUERY_FAILED',
    );
    expect(code(await failing(Object.assign(new Error('The operation is in a timed out state'), { errorCode: 'TIMEOUT' })))).toBe('DRV_TIMEOUT');
    // A failed statement gives its session back: the pool of one still serves.
    state.respond = () => ({});
    await expect(driver.query('SELECT 1')).resolves.toEqual({ columns: [], rows: [] });
  });

  it('refuses login, unreachable hosts and a missing catalog with DRV_AUTH, DRV_CONNECTION and DRV_NOT_FOUND', async () => {
    state.connectError = undefined;
    state.openSessionError = Object.assign(new Error('Received a response with a bad HTTP status code: 401'), { statusCode: 401 });
    expect(code(await DatabricksDriver.connect(CONFIG).catch((e: unknown) => e))).toBe('DRV_AUTH');
    state.openSessionError = Object.assign(new Error('ATTEMPTS_EXCEEDED'), {
      errorCode: 'ATTEMPTS_EXCEEDED',
      payload: Object.assign(new Error('getaddrinfo ENOTFOUND dbc-1'), { code: 'ENOTFOUND' }),
    });
    expect(code(await DatabricksDriver.connect(CONFIG).catch((e: unknown) => e))).toBe('DRV_CONNECTION');
    state.openSessionError = { name: 'Status Error', message: "[CATALOG_NOT_FOUND] The catalog 'main' cannot be found.", code: 3 };
    expect(code(await DatabricksDriver.connect(CONFIG).catch((e: unknown) => e))).toBe('DRV_NOT_FOUND');
    state.openSessionError = undefined;
    state.connectError = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    expect(code(await DatabricksDriver.connect(CONFIG).catch((e: unknown) => e))).toBe('DRV_TLS');
  });

  it('runs a statement under an identity on a session of the user own token, closed afterwards', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    const identity = { role: 'analyst', settings: { oauth_token: 'user-token-1' } };
    await driver.query('SELECT 2', [], { identity });
    await driver.query('SELECT 3', [], { identity });
    expect(state.clients.map((c) => c.options.token)).toEqual(['dapi-service', 'user-token-1']);
    const userSessions = state.sessions.filter((s) => s.client === 1);
    expect(userSessions).toHaveLength(2);
    expect(userSessions.every((s) => s.closed)).toBe(true);
    expect(state.statements.filter((s) => state.sessions[s.session]!.client === 1).map((s) => s.sql)).toEqual(['SELECT 2', 'SELECT 3']);
    // A privilege the user lacks is the warehouse's refusal of the user, not a failed statement.
    state.respond = () => ({
      fail: { at: 'fetch', error: new Error('[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have SELECT on Table.') },
    });
    expect(code(await driver.query('SELECT 4', [], { identity }).catch((e: unknown) => e))).toBe('GOV_WAREHOUSE_DENIED');
    expect(code(await driver.query('SELECT 4').catch((e: unknown) => e))).toBe('DRV_QUERY_FAILED');
    expect(code(await driver.query('SELECT 5', [], { identity: { role: 'analyst', settings: {} } }).catch((e: unknown) => e))).toBe('GOV_WAREHOUSE_DENIED');
    await driver.close();
    expect(state.clients.every((c) => c.closed)).toBe(true);
  });

  it('cancels the running operation when the signal aborts, rejecting with AbortError', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    state.respond = () => ({ hang: true, columns: [['n', 3]] });
    const controller = new AbortController();
    const running = driver.query('SELECT slow()', [], { signal: controller.signal });
    await vi.waitFor(() => expect(state.statements.at(-1)?.sql).toBe('SELECT slow()'));
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(state.statements.at(-1)).toMatchObject({ cancelled: true, closed: true });
    state.respond = () => ({});
    await expect(driver.query('SELECT 1')).resolves.toBeDefined();
  });

  it('streams batches and gives the session back when the reader stops early', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    state.respond = () => ({ columns: [['n', 3]], chunks: [[{ n: 1 }, { n: 2 }], [{ n: 3 }]] });
    const stream = await driver.stream('SELECT n FROM t');
    const batches: unknown[] = [];
    for await (const batch of stream.batches) batches.push(batch);
    expect(batches).toEqual([[{ n: 1 }, { n: 2 }], [{ n: 3 }]]);
    // Closed before and after the first read: the pool of one serves the next statement either way.
    const unread = await driver.stream('SELECT n FROM t');
    await unread.close();
    const early = await driver.stream('SELECT n FROM t');
    for await (const _batch of early.batches) break;
    await early.close();
    await expect(driver.query('SELECT n FROM t')).resolves.toMatchObject({ rows: [{ n: 1 }, { n: 2 }, { n: 3 }] });
  });

  it('refuses a transaction: Delta commits one statement at a time', async () => {
    const driver: WarehouseDriver = await DatabricksDriver.connect(CONFIG);
    const work = vi.fn();
    await expect(driver.transaction(work)).rejects.toMatchObject({ code: 'DRV_UNSUPPORTED' });
    expect(work).not.toHaveBeenCalled();
  });

  it('introspects a single integer key with a constant default as numberFrom; not an identity, a key of two columns or a text key', async () => {
    const driver = await DatabricksDriver.connect(CONFIG);
    const text = (...names: string[]): [string, number][] => names.map((name) => [name, 7]);
    const row = (names: string[], values: unknown[]) => Object.fromEntries(names.map((n, i) => [n, values[i]]));
    const tableColumns = ['table_schema', 'table_name', 'table_type', 'data_source_format'];
    const columnColumns = ['table_schema', 'table_name', 'column_name', 'full_data_type', 'is_nullable', 'column_default', 'is_identity'];
    const keyColumns = ['table_schema', 'table_name', 'column_name'];
    state.respond = (sql) => {
      if (sql.includes('.tables '))
        return {
          columns: text(...tableColumns),
          chunks: [['budget_lines', 'events', 'pairs', 'codes'].map((name) => row(tableColumns, ['sales', name, 'MANAGED', 'DELTA']))],
        };
      if (sql.includes('.columns '))
        return {
          columns: text(...columnColumns),
          chunks: [
            [
              row(columnColumns, ['sales', 'budget_lines', 'line_id', 'bigint', 'NO', '2000001', 'NO']),
              row(columnColumns, ['sales', 'budget_lines', 'amount', 'decimal(18,2)', 'YES', '0', 'NO']),
              row(columnColumns, ['sales', 'events', 'id', 'bigint', 'NO', '1', 'YES']),
              row(columnColumns, ['sales', 'pairs', 'a', 'int', 'NO', '1', 'NO']),
              row(columnColumns, ['sales', 'pairs', 'b', 'int', 'NO', '1', 'NO']),
              row(columnColumns, ['sales', 'codes', 'code', 'string', 'NO', "'1'", 'NO']),
            ],
          ],
        };
      if (sql.includes('key_column_usage'))
        return {
          columns: text(...keyColumns),
          chunks: [
            [
              row(keyColumns, ['sales', 'budget_lines', 'line_id']),
              row(keyColumns, ['sales', 'events', 'id']),
              row(keyColumns, ['sales', 'pairs', 'a']),
              row(keyColumns, ['sales', 'pairs', 'b']),
              row(keyColumns, ['sales', 'codes', 'code']),
            ],
          ],
        };
      return {};
    };
    const catalog = await driver.introspect();
    expect(catalog.tables[0]).toEqual({
      schema: 'sales',
      name: 'budget_lines',
      primaryKey: ['line_id'],
      columns: [
        { name: 'line_id', type: 'BIGINT', nullable: false, hasDefault: true, numberFrom: 2000001 },
        { name: 'amount', type: 'DECIMAL(18,2)', nullable: true, hasDefault: true },
      ],
    });
    expect(catalog.tables.map((t) => t.primaryKey)).toEqual([['line_id'], ['id'], ['a', 'b'], ['code']]);
    expect(catalog.tables.slice(1).flatMap((t) => t.columns.filter((c) => c.numberFrom !== undefined))).toEqual([]);
  });
});
