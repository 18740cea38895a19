import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderSql } from '../sql.js';
import type { SnowflakeConfig } from './snowflake-driver.js';

/** What the fake answers for a statement: rows with their columns, an error, or nothing until cancelled. */
interface Answer {
  columns?: { name: string; type: string; precision?: number; scale?: number }[];
  rows?: unknown[][];
  error?: Error;
  hang?: boolean;
}

/** A small fake of `snowflake-sdk` that records every statement (connection, text, binds, options). */
const fake = vi.hoisted(() => ({
  connections: [] as { id: number; options: Record<string, unknown>; destroyed: boolean }[],
  calls: [] as { connection: number; sqlText: string; binds: unknown; options: Record<string, unknown> }[],
  cancelled: [] as string[],
  connectError: undefined as Error | undefined,
  answer: (_sql: string): Answer | undefined => undefined,
}));

vi.mock('snowflake-sdk', () => {
  const column = (c: { name: string; type: string; precision?: number; scale?: number }) => ({
    getName: () => c.name,
    getType: () => c.type,
    getPrecision: () => c.precision ?? 0,
    getScale: () => c.scale ?? 0,
  });
  const setup = (sqlText: string): Answer => {
    if (sqlText.startsWith('SELECT CURRENT_ROLE()'))
      return { columns: ['ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA'].map((name) => ({ name, type: 'text' })), rows: [['SVC', 'WH', 'SALES', 'PUBLIC']] };
    if (sqlText.startsWith('SELECT CURRENT_TRANSACTION()')) return { columns: [{ name: 'TX', type: 'text' }], rows: [['1717']] };
    return { columns: [], rows: [] };
  };
  const createConnection = (options: Record<string, unknown>) => {
    const record = { id: fake.connections.length + 1, options, destroyed: false };
    fake.connections.push(record);
    const connection = {
      connect: (callback: (error?: Error) => void) => setTimeout(() => callback(fake.connectError)),
      destroy: (callback?: () => void) => {
        record.destroyed = true;
        callback?.();
      },
      execute: (options: { sqlText: string; binds?: unknown; streamResult?: boolean; complete: (error?: Error, stmt?: unknown, rows?: unknown[]) => void }) => {
        fake.calls.push({ connection: record.id, sqlText: options.sqlText, binds: options.binds, options });
        const answer = fake.answer(options.sqlText) ?? setup(options.sqlText);
        const statement = {
          getColumns: () => (answer.columns ?? []).map(column),
          streamRows: () => Readable.from(answer.rows ?? [], { objectMode: true }),
          cancel: (callback?: () => void) => {
            fake.cancelled.push(options.sqlText);
            setTimeout(() => options.complete(Object.assign(new Error('SQL execution canceled'), { code: '000604' }), statement));
            callback?.();
          },
        };
        if (!answer.hang)
          setTimeout(() =>
            answer.error ? options.complete(answer.error, statement) : options.complete(undefined, statement, options.streamResult ? undefined : answer.rows),
          );
        return statement;
      },
    };
    return connection;
  };
  return { default: { createConnection } };
});

const { SnowflakeDriver } = await import('./snowflake-driver.js');

const config: SnowflakeConfig = {
  account: 'myorg-acct',
  username: 'SVC_USER',
  auth: { kind: 'password', password: 'pw' },
  warehouse: 'WH',
  database: 'SALES',
  schema: 'PUBLIC',
  poolSize: 2,
  statementTimeoutMs: 4_500,
};
const identity = { role: 'analyst', settings: { 'roundtrip.claims': '{"sub":"u1"}', 'roundtrip.user_id': 'u1' } };
const sqlError = (code: string, sqlState: string) => Object.assign(new Error(`Snowflake error ${code}`), { code, sqlState });
const statements = (from = 0) => fake.calls.slice(from).map((c) => c.sqlText);

beforeEach(() => {
  fake.connections.length = 0;
  fake.calls.length = 0;
  fake.cancelled.length = 0;
  fake.connectError = undefined;
  fake.answer = () => undefined;
});

describe('SnowflakeDriver at the snowflake-sdk boundary', () => {
  it('logs in with the configured names and sets the session up: UTC, timeout in seconds, quoted names resolved upper case, secondary roles off', async () => {
    const driver = await SnowflakeDriver.connect(config);
    expect(fake.connections[0]?.options).toMatchObject({
      account: 'myorg-acct',
      username: 'SVC_USER',
      authenticator: 'SNOWFLAKE',
      password: 'pw',
      warehouse: 'WH',
    });
    expect(statements()[0]).toMatch(/^ALTER SESSION SET TIMEZONE = 'UTC', STATEMENT_TIMEOUT_IN_SECONDS = 5, QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE,/);
    expect(statements().slice(1)).toEqual([
      'USE SECONDARY ROLES NONE',
      'SELECT CURRENT_ROLE() AS "ROLE", CURRENT_WAREHOUSE() AS "WAREHOUSE", CURRENT_DATABASE() AS "DATABASE", CURRENT_SCHEMA() AS "SCHEMA"',
    ]);
    // CURRENT_SCHEMA() answers PUBLIC; the catalogue names it public, and `findCatalogTable` compares the two.
    expect(driver.dialect.defaultSchema).toBe('public');
  });

  it('translates a refused login, an unreachable account and a missing warehouse', async () => {
    fake.connectError = sqlError('390100', '08004');
    await expect(SnowflakeDriver.connect(config)).rejects.toMatchObject({ code: 'DRV_AUTH' });
    fake.connectError = Object.assign(new Error('Network error'), { code: 401001, cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
    await expect(SnowflakeDriver.connect(config)).rejects.toMatchObject({ code: 'DRV_CONNECTION' });
    fake.connectError = undefined;
    fake.answer = (sql) =>
      sql.startsWith('SELECT CURRENT_ROLE()')
        ? { columns: ['ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA'].map((name) => ({ name, type: 'text' })), rows: [['SVC', null, 'SALES', 'PUBLIC']] }
        : undefined;
    await expect(SnowflakeDriver.connect(config)).rejects.toMatchObject({ code: 'DRV_NOT_FOUND', details: { missing: ['WAREHOUSE'] } });
    expect(fake.connections.every((c) => c.destroyed)).toBe(true);
  });

  it('binds positional values as the SDK takes them and asks for numbers and JSON as text', async () => {
    const driver = await SnowflakeDriver.connect(config);
    await driver.query('SELECT ?, ?, ?, ?, ?', [null, 42, "O'Brien; DROP TABLE t", 9007199254740993n, true]);
    const call = fake.calls.at(-1)!;
    expect(call.binds).toEqual([null, 42, "O'Brien; DROP TABLE t", '9007199254740993', true]);
    expect(call.options).toMatchObject({ rowMode: 'array', fetchAsString: ['Number', 'JSON'] });
  });

  it('sends staged rows as ONE JSON text bind', async () => {
    const driver = await SnowflakeDriver.connect(config);
    const int = driver.dialect.parseType('NUMBER(38,0)');
    const update = renderSql(
      driver.dialect.updateByKey(
        'orders',
        [{ name: 'id', type: int }],
        [{ name: 'note', type: driver.dialect.parseType('VARCHAR') }],
        [
          ['1', 'a "b"'],
          ['2', null],
        ],
      ),
      driver.dialect,
    );
    await driver.query(update.sql, update.params);
    expect(fake.calls.at(-1)?.binds).toEqual(['[["1","a \\"b\\""],["2",null]]']);
  });

  it('maps decimals, 64-bit integers, dates, timestamps, booleans, JSON and nulls to JSON cells', async () => {
    fake.answer = (sql) =>
      sql === 'SELECT values'
        ? {
            columns: [
              { name: 'amount', type: 'fixed', precision: 12, scale: 2 },
              { name: 'big', type: 'fixed', precision: 38, scale: 0 },
              { name: 'day', type: 'date' },
              { name: 'at', type: 'timestamp_ltz' },
              { name: 'ok', type: 'boolean' },
              { name: 'doc', type: 'variant' },
              { name: 'missing', type: 'text' },
            ],
            rows: [['1234.5', '9223372036854775807', new Date(Date.UTC(2024, 0, 31)), new Date('2024-01-31T23:59:59.5Z'), false, '[1,{"a":null}]', null]],
          }
        : undefined;
    const driver = await SnowflakeDriver.connect(config);
    const result = await driver.query('SELECT values');
    expect(result.rows).toEqual([
      { amount: '1234.50', big: '9223372036854775807', day: '2024-01-31', at: '2024-01-31T23:59:59.500Z', ok: false, doc: '[1,{"a":null}]', missing: null },
    ]);
    expect(result.columns.map((c) => c.type)).toEqual(['NUMBER(12,2)', 'NUMBER(38,0)', 'DATE', 'TIMESTAMP_LTZ', 'BOOLEAN', 'VARIANT', 'VARCHAR']);
  });

  it('runs a transaction on one session: the user role and variables, BEGIN, the service role mid-way, COMMIT', async () => {
    const driver = await SnowflakeDriver.connect(config);
    const from = fake.calls.length;
    await driver.transaction(
      async (tx) => {
        await tx.query('UPDATE t SET a = ?', ['x']);
        await tx.useServiceIdentity();
        await tx.query('INSERT INTO audit SELECT ?', ['y']);
      },
      { identity },
    );
    expect(statements(from)).toEqual([
      'USE ROLE "analyst"',
      'SET (ROUNDTRIP_CLAIMS, ROUNDTRIP_USER_ID) = (SELECT ?, ?)',
      'BEGIN TRANSACTION',
      'UPDATE t SET a = ?',
      'USE ROLE "SVC"',
      'UNSET (ROUNDTRIP_CLAIMS, ROUNDTRIP_USER_ID)',
      'SELECT CURRENT_TRANSACTION() AS "TX"',
      'INSERT INTO audit SELECT ?',
      'COMMIT',
    ]);
    expect(fake.calls[from + 1]?.binds).toEqual(['{"sub":"u1"}', 'u1']);
    expect(new Set(fake.calls.slice(from).map((c) => c.connection)).size).toBe(1);
  });

  it('rolls back on failure, switches the session back to the service role and reuses it', async () => {
    fake.answer = (sql) => (sql.startsWith('UPDATE') ? { error: sqlError('003001', '42501') } : undefined);
    const driver = await SnowflakeDriver.connect(config);
    const from = fake.calls.length;
    await expect(driver.transaction((tx) => tx.query('UPDATE t SET a = 1'), { identity })).rejects.toMatchObject({ code: 'GOV_WAREHOUSE_DENIED' });
    expect(statements(from).slice(2)).toEqual([
      'BEGIN TRANSACTION',
      'UPDATE t SET a = 1',
      'ROLLBACK',
      'USE ROLE "SVC"',
      'UNSET (ROUNDTRIP_CLAIMS, ROUNDTRIP_USER_ID)',
    ]);
    await driver.query('SELECT 1');
    expect(fake.connections).toHaveLength(1);
  });

  it('never reuses a session that could not be switched back to the service role', async () => {
    const driver = await SnowflakeDriver.connect(config);
    fake.answer = (sql) => (sql === 'USE ROLE "SVC"' ? { error: sqlError('000001', '08000') } : undefined);
    await driver.query('SELECT 1', [], { identity });
    expect(fake.connections[0]?.destroyed).toBe(true);
    fake.answer = () => undefined;
    await driver.query('SELECT 2');
    expect(fake.calls.at(-1)?.connection).toBe(2);
  });

  it('passes an error thrown by the transaction code through untranslated, after rolling back', async () => {
    const driver = await SnowflakeDriver.connect(config);
    const bug = new TypeError('bug');
    await expect(
      driver.transaction(async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(statements().at(-1)).toBe('ROLLBACK');
  });

  it('cancels the running statement when the signal aborts and rejects with an AbortError', async () => {
    fake.answer = (sql) => (sql === 'SELECT slow' ? { hang: true } : undefined);
    const driver = await SnowflakeDriver.connect(config);
    const controller = new AbortController();
    const running = driver.query('SELECT slow', [], { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.cancelled).toEqual(['SELECT slow']);
    await driver.query('SELECT 1');
    expect(fake.connections).toHaveLength(1);
  });

  it('streams rows in batches and gives the session back at the end', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => [String(i)]);
    fake.answer = (sql) => (sql === 'SELECT many' ? { columns: [{ name: 'n', type: 'fixed', precision: 38, scale: 0 }], rows } : undefined);
    const driver = await SnowflakeDriver.connect(config);
    const stream = await driver.stream('SELECT many');
    const sizes: number[] = [];
    for await (const batch of stream.batches) sizes.push(batch.length);
    expect(sizes).toEqual([5_000, 5_000, 2_000]);
    expect(fake.calls.find((c) => c.sqlText === 'SELECT many')?.options.streamResult).toBe(true);
    await driver.query('SELECT 1');
    expect(fake.connections).toHaveLength(1);
  });

  it('translates statement errors: timeout, a value Snowflake cannot read, missing objects as the service', async () => {
    fake.answer = (sql) =>
      sql === 'SELECT timeout'
        ? { error: sqlError('000630', '57014') }
        : sql === 'SELECT value'
          ? { error: sqlError('100038', '22018') }
          : sql === 'SELECT missing'
            ? { error: sqlError('002003', '42S02') }
            : undefined;
    const driver = await SnowflakeDriver.connect(config);
    await expect(driver.query('SELECT timeout')).rejects.toMatchObject({ code: 'DRV_TIMEOUT' });
    await expect(driver.query('SELECT value')).rejects.toMatchObject({ code: 'DRV_CONSTRAINT_VIOLATION' });
    await expect(driver.query('SELECT missing')).rejects.toMatchObject({ code: 'DRV_QUERY_FAILED' });
    await expect(driver.query('SELECT missing', [], { identity })).rejects.toMatchObject({ code: 'GOV_WAREHOUSE_DENIED' });
  });

  it('introspects tables, columns, types and recorded primary keys, upper-case names folded to lower case and mixed case kept', async () => {
    fake.answer = (sql) => {
      if (sql.includes('INFORMATION_SCHEMA.TABLES'))
        return {
          columns: ['TABLE_SCHEMA', 'TABLE_NAME', 'TABLE_TYPE'].map((name) => ({ name, type: 'text' })),
          rows: [
            ['PUBLIC', 'ORDERS', 'BASE TABLE'],
            ['PUBLIC', 'BUDGET_LINES$2', 'BASE TABLE'],
            ['Staging', 'RawFeed', 'BASE TABLE'],
          ],
        };
      if (sql.includes('INFORMATION_SCHEMA.COLUMNS'))
        return {
          columns: [
            ...['TABLE_SCHEMA', 'TABLE_NAME', 'COLUMN_NAME', 'DATA_TYPE'].map((name) => ({ name, type: 'text' })),
            ...['CHARACTER_MAXIMUM_LENGTH', 'NUMERIC_PRECISION', 'NUMERIC_SCALE'].map((name) => ({ name, type: 'fixed', precision: 9 })),
            ...['IS_NULLABLE', 'COLUMN_DEFAULT', 'IS_IDENTITY'].map((name) => ({ name, type: 'text' })),
          ],
          rows: [
            ['PUBLIC', 'ORDERS', 'ID', 'NUMBER', null, '38', '0', 'NO', null, 'YES'],
            ['PUBLIC', 'ORDERS', 'AMOUNT', 'NUMBER', null, '12', '2', 'YES', null, 'NO'],
            ['PUBLIC', 'ORDERS', 'NOTE', 'TEXT', '200', null, null, 'YES', "'none'", 'NO'],
            ['PUBLIC', 'BUDGET_LINES$2', 'LINE_ID', 'NUMBER', null, '38', '0', 'NO', '2000001', 'NO'],
            ['PUBLIC', 'BUDGET_LINES$2', 'Amount', 'NUMBER', null, '12', '2', 'YES', null, 'NO'],
            ['Staging', 'RawFeed', 'ID', 'NUMBER', null, '38', '0', 'NO', null, 'NO'],
          ],
        };
      if (sql.startsWith('SHOW PRIMARY KEYS'))
        return {
          columns: [
            ...['schema_name', 'table_name', 'column_name'].map((name) => ({ name, type: 'text' })),
            { name: 'key_sequence', type: 'fixed', precision: 9 },
          ],
          rows: [
            ['PUBLIC', 'ORDERS', 'ID', '1'],
            ['PUBLIC', 'BUDGET_LINES$2', 'LINE_ID', '1'],
            ['Staging', 'RawFeed', 'ID', '1'],
          ],
        };
      return undefined;
    };
    const driver = await SnowflakeDriver.connect(config);
    const catalog = await driver.introspect();
    expect(statements().at(-1)).toBe('SHOW PRIMARY KEYS IN DATABASE "SALES"');
    expect(catalog.tables).toEqual([
      {
        schema: 'public',
        name: 'orders',
        primaryKey: ['id'],
        // An AUTOINCREMENT key is Snowflake's to number: no `numberFrom`.
        columns: [
          { name: 'id', type: 'NUMBER(38,0)', nullable: false, hasDefault: true },
          { name: 'amount', type: 'NUMBER(12,2)', nullable: true, hasDefault: false },
          { name: 'note', type: 'VARCHAR(200)', nullable: true, hasDefault: true },
        ],
      },
      {
        schema: 'public',
        name: 'budget_lines$2',
        primaryKey: ['line_id'],
        columns: [
          { name: 'line_id', type: 'NUMBER(38,0)', nullable: false, hasDefault: true, numberFrom: 2000001 },
          { name: 'Amount', type: 'NUMBER(12,2)', nullable: true, hasDefault: false },
        ],
      },
      {
        schema: 'Staging',
        name: 'RawFeed',
        primaryKey: ['id'],
        columns: [{ name: 'id', type: 'NUMBER(38,0)', nullable: false, hasDefault: false }],
      },
    ]);
  });

  it('numbers no key but a single integer key with a constant default: not a composite key, a text key or a sequence', async () => {
    const text = (...names: string[]) => names.map((name) => ({ name, type: 'text' }));
    fake.answer = (sql) => {
      if (sql.includes('INFORMATION_SCHEMA.TABLES'))
        return {
          columns: text('TABLE_SCHEMA', 'TABLE_NAME', 'TABLE_TYPE'),
          rows: [
            ['PUBLIC', 'PAIRS', 'BASE TABLE'],
            ['PUBLIC', 'CODES', 'BASE TABLE'],
            ['PUBLIC', 'TICKETS', 'BASE TABLE'],
          ],
        };
      if (sql.includes('INFORMATION_SCHEMA.COLUMNS'))
        return {
          columns: [
            ...text('TABLE_SCHEMA', 'TABLE_NAME', 'COLUMN_NAME', 'DATA_TYPE'),
            ...['CHARACTER_MAXIMUM_LENGTH', 'NUMERIC_PRECISION', 'NUMERIC_SCALE'].map((name) => ({ name, type: 'fixed', precision: 9 })),
            ...text('IS_NULLABLE', 'COLUMN_DEFAULT', 'IS_IDENTITY'),
          ],
          rows: [
            ['PUBLIC', 'PAIRS', 'A', 'NUMBER', null, '38', '0', 'NO', '1', 'NO'],
            ['PUBLIC', 'PAIRS', 'B', 'NUMBER', null, '38', '0', 'NO', '1', 'NO'],
            ['PUBLIC', 'CODES', 'CODE', 'TEXT', '10', null, null, 'NO', "'1'", 'NO'],
            ['PUBLIC', 'TICKETS', 'ID', 'NUMBER', null, '38', '0', 'NO', '"SALES"."PUBLIC"."TICKET_SEQ".NEXTVAL', 'NO'],
          ],
        };
      if (sql.startsWith('SHOW PRIMARY KEYS'))
        return {
          columns: [...text('schema_name', 'table_name', 'column_name'), { name: 'key_sequence', type: 'fixed', precision: 9 }],
          rows: [
            ['PUBLIC', 'PAIRS', 'A', '1'],
            ['PUBLIC', 'PAIRS', 'B', '2'],
            ['PUBLIC', 'CODES', 'CODE', '1'],
            ['PUBLIC', 'TICKETS', 'ID', '1'],
          ],
        };
      return undefined;
    };
    const driver = await SnowflakeDriver.connect(config);
    const catalog = await driver.introspect();
    expect(catalog.tables.flatMap((t) => t.columns).filter((c) => c.numberFrom !== undefined)).toEqual([]);
    expect(catalog.tables.map((t) => t.primaryKey)).toEqual([['a', 'b'], ['code'], ['id']]);
  });

  it('folds upper-case result column names to lower case in queries and streams, and keeps mixed case', async () => {
    fake.answer = (sql) =>
      sql === 'SELECT line_id, "Amount" FROM budget_lines'
        ? {
            columns: [
              { name: 'LINE_ID', type: 'fixed', precision: 38, scale: 0 },
              { name: 'Amount', type: 'fixed', precision: 12, scale: 2 },
              { name: 'TOTAL$2', type: 'text' },
            ],
            rows: [['7', '1.5', 'x']],
          }
        : undefined;
    const driver = await SnowflakeDriver.connect(config);
    const result = await driver.query('SELECT line_id, "Amount" FROM budget_lines');
    expect(result.columns.map((c) => c.name)).toEqual(['line_id', 'Amount', 'total$2']);
    expect(result.rows).toEqual([{ line_id: '7', Amount: '1.50', total$2: 'x' }]);
    const stream = await driver.stream('SELECT line_id, "Amount" FROM budget_lines');
    expect(stream.columns.map((c) => c.name)).toEqual(['line_id', 'Amount', 'total$2']);
    const rows = [];
    for await (const batch of stream.batches) rows.push(...batch);
    expect(rows).toEqual([{ line_id: '7', Amount: '1.50', total$2: 'x' }]);
  });
});
