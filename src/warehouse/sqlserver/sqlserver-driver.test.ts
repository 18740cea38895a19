import { beforeEach, describe, expect, it, vi } from 'vitest';

interface Input {
  name: string;
  type: unknown;
  value: unknown;
}
interface Metadata {
  name: string;
  type: { declaration: string };
  precision?: number;
  scale?: number;
}
/** What the fake server answers: result sets (columns, rows), or an error. */
type Answer = { columns: Metadata[]; rows: unknown[][] }[] | Error | 'hang';

const fake = vi.hoisted(() => ({
  /** Every statement and transaction step, in order, with the connection it ran on. */
  log: [] as string[],
  requests: [] as { sql: string; inputs: { name: string; type: unknown; value: unknown }[]; on: string }[],
  answer: (_sql: string): unknown => [],
  poolConfig: undefined as unknown,
}));

vi.mock('mssql', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { PassThrough: Pass } = await import('node:stream');
  class Request extends Emitter {
    inputs: Input[] = [];
    arrayRowMode = false;
    private stream?: InstanceType<typeof Pass>;
    private rejectCancel?: (error: Error) => void;
    constructor(private readonly on_: string) {
      super();
    }
    input(name: string, type: unknown, value: unknown) {
      this.inputs.push({ name, type, value });
      return this;
    }
    toReadableStream() {
      this.stream = new Pass({ objectMode: true });
      return this.stream;
    }
    cancel() {
      fake.log.push('cancel');
      this.rejectCancel?.(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
    }
    async query(sql: string) {
      fake.log.push(`${this.on_}: ${sql}`);
      fake.requests.push({ sql, inputs: this.inputs, on: this.on_ });
      const answer = fake.answer(sql) as Answer;
      if (answer === 'hang') return new Promise((_, reject) => (this.rejectCancel = reject));
      if (answer instanceof Error) {
        if (this.stream) this.stream.destroy(answer);
        throw answer;
      }
      if (this.stream) {
        for (const set of answer) {
          this.emit('recordset', set.columns);
          for (const row of set.rows) this.stream.write(row);
        }
        this.stream.end();
        return {};
      }
      return { recordsets: answer.map((set) => set.rows), columns: answer.map((set) => set.columns), rowsAffected: [] };
    }
  }
  class ConnectionPool extends Emitter {
    constructor(config: unknown) {
      super();
      fake.poolConfig = config;
    }
    async connect() {
      return this;
    }
    async close() {
      fake.log.push('close');
    }
    request() {
      return new Request('pool');
    }
  }
  class Transaction {
    async begin() {
      fake.log.push('BEGIN');
    }
    async commit() {
      fake.log.push('COMMIT');
    }
    async rollback() {
      fake.log.push('ROLLBACK');
    }
    request() {
      return new Request('tx');
    }
  }
  const type = (name: string) => Object.assign((length?: number) => ({ type: name, length }), { declaration: name.toLowerCase() });
  const mod = { ConnectionPool, Transaction, NVarChar: type('NVarChar'), BigInt: type('BigInt'), Float: type('Float'), Bit: type('Bit'), MAX: 65535 };
  return { default: mod, ...mod };
});

const { SqlserverDriver } = await import('./sqlserver-driver.js');

const config = {
  server: 'db.example.com',
  port: 1433,
  database: 'sales',
  schema: 'dbo',
  authentication: { kind: 'login' as const, user: 'rt', password: 'pw' },
  statementTimeoutMs: 5_000,
};
const connect = () => SqlserverDriver.connect(config);
const lastRequest = () => fake.requests[fake.requests.length - 1]!;
const typeName = (type: unknown) =>
  typeof type === 'function' ? (type as unknown as { declaration: string }).declaration : (type as { type: string; length?: number });

beforeEach(() => {
  fake.log.length = 0;
  fake.requests.length = 0;
  fake.answer = () => [{ columns: [{ name: 'ok', type: { declaration: 'int' } }], rows: [[1]] }];
});

describe('SqlserverDriver', () => {
  it('connects with TLS verified, UTC times and the statement timeout, checking with a query', async () => {
    await connect();
    expect(fake.poolConfig).toMatchObject({
      server: 'db.example.com',
      user: 'rt',
      password: 'pw',
      requestTimeout: 5_000,
      options: { encrypt: true, trustServerCertificate: false, useUTC: true },
    });
    expect(fake.log).toEqual(['pool: SELECT 1 AS ok']);
  });

  it('binds each value with the type its JS value calls for', async () => {
    const driver = await connect();
    await driver.query('SELECT @p1, @p2, @p3, @p4, @p5, @p6, @p7', ['text', null, 42, 1.5, true, 12345678901234567890n, 'x'.repeat(4001)]);
    expect(lastRequest().inputs.map((i) => [i.name, typeName(i.type), i.value])).toEqual([
      ['p1', { type: 'NVarChar', length: 4000 }, 'text'],
      ['p2', { type: 'NVarChar', length: 4000 }, null],
      ['p3', 'bigint', 42],
      ['p4', 'float', 1.5],
      ['p5', 'bit', true],
      ['p6', 'bigint', '12345678901234567890'],
      ['p7', { type: 'NVarChar', length: 65535 }, 'x'.repeat(4001)],
    ]);
  });

  it('maps result values to JSON cells', async () => {
    const driver = await connect();
    fake.answer = () => [
      {
        columns: [
          { name: 'amount', type: { declaration: 'decimal' }, precision: 18, scale: 2 },
          { name: 'id', type: { declaration: 'bigint' } },
          { name: 'day', type: { declaration: 'date' } },
          { name: 'at', type: { declaration: 'datetimeoffset' }, scale: 6 },
          { name: 'ok', type: { declaration: 'bit' } },
          { name: 'note', type: { declaration: 'nvarchar' } },
        ],
        rows: [[12.5, '9007199254740993', new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), false, null]],
      },
    ];
    const result = await driver.query('SELECT …');
    expect(result.rows).toEqual([{ amount: '12.50', id: '9007199254740993', day: '2024-02-29', at: '2024-01-02T03:04:05.000Z', ok: false, note: null }]);
    expect(result.columns.map((c) => c.type)).toEqual(['DECIMAL(18,2)', 'BIGINT', 'DATE', 'DATETIMEOFFSET(6)', 'BIT', 'NVARCHAR']);
  });

  it('introspects a single integer key whose default is a plain integer as numberFrom; not an IDENTITY, a sequence or a key of two columns', async () => {
    const driver = await connect();
    const text = (...names: string[]) => names.map((name) => ({ name, type: { declaration: 'nvarchar' } }));
    const int = (...names: string[]) => names.map((name) => ({ name, type: { declaration: 'int' } }));
    fake.answer = (sql) => {
      if (sql.includes('has_default'))
        return [
          {
            columns: [
              ...text('schema_name', 'table_name', 'column_name', 'data_type'),
              ...int('is_nullable'),
              ...text('column_default'),
              ...int('is_identity', 'has_default'),
            ],
            rows: [
              ['dbo', 'budget_lines', 'line_id', 'INT', 0, '((2000001))', 0, 1],
              ['dbo', 'budget_lines', 'amount', 'DECIMAL(18,2)', 1, '((0))', 0, 1],
              ['dbo', 'events', 'id', 'BIGINT', 0, null, 1, 1],
              ['dbo', 'tickets', 'id', 'BIGINT', 0, '(NEXT VALUE FOR [dbo].[ticket_seq])', 0, 1],
              ['dbo', 'pairs', 'a', 'INT', 0, '((1))', 0, 1],
              ['dbo', 'pairs', 'b', 'INT', 0, '((1))', 0, 1],
              ['dbo', 'offsets', 'id', 'SMALLINT', 0, '((-5))', 0, 1],
            ],
          },
        ];
      if (sql.includes('is_primary_key'))
        return [
          {
            columns: text('schema_name', 'table_name', 'column_name'),
            rows: [
              ['dbo', 'budget_lines', 'line_id'],
              ['dbo', 'events', 'id'],
              ['dbo', 'tickets', 'id'],
              ['dbo', 'pairs', 'a'],
              ['dbo', 'pairs', 'b'],
              ['dbo', 'offsets', 'id'],
            ],
          },
        ];
      return [{ columns: text('schema_name', 'table_name'), rows: [] }];
    };
    const catalog = await driver.introspect();
    expect(fake.requests.find((r) => r.sql.includes('has_default'))?.sql).toContain(
      'LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id',
    );
    expect(catalog.tables[0]).toEqual({
      schema: 'dbo',
      name: 'budget_lines',
      primaryKey: ['line_id'],
      rowLevelSecurity: false,
      columns: [
        { name: 'line_id', type: 'INT', nullable: false, hasDefault: true, numberFrom: 2000001 },
        { name: 'amount', type: 'DECIMAL(18,2)', nullable: true, hasDefault: true },
      ],
    });
    const numbered = catalog.tables.flatMap((t) => t.columns.filter((c) => c.numberFrom !== undefined).map((c) => `${t.name}.${c.name}=${c.numberFrom}`));
    expect(numbered).toEqual(['budget_lines.line_id=2000001', 'offsets.id=-5']);
  });

  it('introspects a system-versioned table as one SQL Server reads as of a past time', async () => {
    const driver = await connect();
    const text = (...names: string[]) => names.map((name) => ({ name, type: { declaration: 'nvarchar' } }));
    const int = (...names: string[]) => names.map((name) => ({ name, type: { declaration: 'int' } }));
    fake.answer = (sql) => {
      if (sql.includes('has_default'))
        return [
          {
            columns: [...text('schema_name', 'table_name', 'column_name', 'data_type'), ...int('temporal_type', 'is_nullable', 'is_identity', 'has_default')],
            rows: [
              ['dbo', 'prices', 'id', 'INT', 2, 0, 0, 0],
              ['dbo', 'plain', 'id', 'INT', 0, 0, 0, 0],
            ],
          },
        ];
      return [{ columns: text('schema_name', 'table_name', 'column_name'), rows: [] }];
    };
    const catalog = await driver.introspect();
    expect(fake.requests.find((r) => r.sql.includes('has_default'))?.sql).toContain('COALESCE(t.temporal_type, 0) <> 1');
    expect(Object.fromEntries(catalog.tables.map((t) => [t.name, t.timeTravel === true]))).toEqual({ prices: true, plain: false });
  });

  it('translates native errors', async () => {
    const driver = await connect();
    fake.answer = () => Object.assign(new Error('Violation of PRIMARY KEY constraint'), { code: 'EREQUEST', number: 2627 });
    await expect(driver.query('INSERT …')).rejects.toMatchObject({ code: 'DRV_UNIQUE_VIOLATION' });
  });

  it('runs a statement as the user: claims set, EXECUTE AS, REVERT, all bound', async () => {
    const driver = await connect();
    await driver.query('SELECT * FROM dbo.orders WHERE id = @p1;', [7], {
      identity: { role: 'rt_sales', settings: { 'roundtrip.claims': '{"region":"EU"}' } },
    });
    const request = lastRequest();
    expect(request.sql).toBe(
      'EXEC sp_set_session_context @key = @rt_k0, @value = @rt_v0;\nEXECUTE AS USER = @rt_role;\nSELECT * FROM dbo.orders WHERE id = @p1;\nREVERT;',
    );
    expect(request.inputs.map((i) => [i.name, i.value])).toEqual([
      ['p1', 7],
      ['rt_k0', 'roundtrip.claims'],
      ['rt_v0', '{"region":"EU"}'],
      ['rt_role', 'rt_sales'],
    ]);
    // The next statement as the service clears the key, whichever connection it gets.
    await driver.query('SELECT 1');
    expect(lastRequest().sql).toBe('EXEC sp_set_session_context @key = @rt_k0, @value = @rt_v0;\nSELECT 1');
    expect(lastRequest().inputs.map((i) => [i.name, i.value])).toEqual([
      ['rt_k0', 'roundtrip.claims'],
      ['rt_v0', null],
    ]);
  });

  it('refuses claims longer than the session context holds, running nothing', async () => {
    const driver = await connect();
    const before = fake.requests.length;
    await expect(driver.query('SELECT 1', [], { identity: { role: 'rt_sales', settings: { 'roundtrip.claims': 'x'.repeat(4001) } } })).rejects.toMatchObject({
      code: 'DRV_UNSUPPORTED',
    });
    expect(fake.requests.length).toBe(before);
  });

  it('runs a transaction on one connection, switching to the service identity', async () => {
    const driver = await connect();
    fake.log.length = 0;
    const identity = { role: 'rt_sales', settings: { 'roundtrip.user_id': 'u1' } };
    await driver.transaction(
      async (tx) => {
        await tx.query('UPDATE t SET a = @p1', [1]);
        await tx.useServiceIdentity();
        await tx.query('INSERT INTO audit VALUES (@p1)', ['x']);
      },
      { identity },
    );
    expect(fake.log).toEqual([
      'BEGIN',
      'tx: EXEC sp_set_session_context @key = @rt_k0, @value = @rt_v0;\nEXECUTE AS USER = @rt_role;\nUPDATE t SET a = @p1;\nREVERT;',
      'tx: EXEC sp_set_session_context @key = @rt_k0, @value = @rt_v0;\nINSERT INTO audit VALUES (@p1)',
      'COMMIT',
    ]);
  });

  it('rolls back when a statement fails, and passes the work’s own errors through', async () => {
    const driver = await connect();
    fake.log.length = 0;
    fake.answer = (sql) => (sql.startsWith('UPDATE') ? Object.assign(new Error('deadlock victim'), { code: 'EREQUEST', number: 1205 }) : []);
    await expect(
      driver.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        await tx.query('UPDATE t SET a = 2');
        await tx.query('never');
      }),
    ).rejects.toMatchObject({ code: 'DRV_TRANSACTION_CONFLICT' });
    expect(fake.log).toEqual(['BEGIN', 'tx: INSERT INTO t VALUES (1)', 'tx: UPDATE t SET a = 2', 'ROLLBACK']);
    const bug = new TypeError('a bug');
    await expect(
      driver.transaction(async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
  });

  it('cancels the running statement when the signal aborts, rejecting with AbortError', async () => {
    const driver = await connect();
    fake.answer = () => 'hang';
    const controller = new AbortController();
    const running = driver.query('WAITFOR DELAY @p1', ['00:01:00'], { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.log).toContain('cancel');
  });

  it('streams rows in batches with their columns', async () => {
    const driver = await connect();
    const rows = Array.from({ length: 12_000 }, (_, i) => [String(i), i / 4]);
    fake.answer = () => [
      {
        columns: [
          { name: 'id', type: { declaration: 'bigint' } },
          { name: 'share', type: { declaration: 'decimal' }, precision: 9, scale: 2 },
        ],
        rows,
      },
    ];
    const stream = await driver.stream('SELECT id, share FROM big');
    expect(stream.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'share', type: 'DECIMAL(9,2)' },
    ]);
    const sizes: number[] = [];
    let last: unknown;
    for await (const batch of stream.batches) {
      sizes.push(batch.length);
      last = batch[batch.length - 1];
    }
    expect(sizes).toEqual([5000, 5000, 2000]);
    expect(last).toEqual({ id: '11999', share: '2999.75' });
    await stream.close();
  });

  it('streams an error as the translated error', async () => {
    const driver = await connect();
    fake.answer = () => Object.assign(new Error('The SELECT permission was denied'), { code: 'EREQUEST', number: 229 });
    await expect(driver.stream('SELECT * FROM secret')).rejects.toMatchObject({ code: 'GOV_WAREHOUSE_DENIED' });
  });

  it('declares its capabilities', async () => {
    const driver = await connect();
    expect(driver.capabilities).toMatchObject({ transactions: true, supportsReturning: false, enforcesKeys: true, roles: true, nativeTimeTravel: false });
    expect(driver.dialect.placeholder(3)).toBe('@p3');
  });
});
