import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../errors/index.js';
import { renderSql } from '../sql.js';
import { BigqueryDriver, type BigqueryConfig } from './bigquery-driver.js';

/**
 * A small fake of `@google-cloud/bigquery`: records every client made and
 * every job request, and answers each job as the test's `respond` says
 * (pages of raw rows, an error, or never).
 */
const fake = vi.hoisted(() => {
  interface FakeField {
    name: string;
    type: string;
    mode?: string;
    scale?: string;
    precision?: string;
    fields?: FakeField[];
  }

  interface FakeAnswer {
    schema?: FakeField[];
    /** Pages of raw rows (`{ f: [{ v }] }`); one empty page when absent. */
    pages?: unknown[][];
    error?: unknown;
    /** The job never completes (until cancelled). */
    hang?: boolean;
    /** `jobComplete: false` answers before the results. */
    pending?: number;
  }

  interface FakeJobRecord {
    client: Record<string, unknown>;
    request: Record<string, unknown>;
    cancelled: boolean;
    resultCalls: Record<string, unknown>[];
  }

  const fakeState = {
    clients: [] as Record<string, unknown>[],
    jobs: [] as FakeJobRecord[],
    respond: (_request: Record<string, unknown>): FakeAnswer => ({}),
    datasetError: undefined as unknown,
    reset() {
      this.clients = [];
      this.jobs = [];
      this.respond = () => ({});
      this.datasetError = undefined;
    },
  };

  let sessions = 0;

  /** A row of raw cells as the REST API sends it. */
  const raw = (...values: unknown[]) => ({ f: values.map((v) => ({ v })) });

  class FakeJob {
    metadata: Record<string, unknown> = {};
    private answer: FakeAnswer;
    private pending: number;

    constructor(private readonly record: FakeJobRecord) {
      this.answer = fakeState.respond(record.request);
      this.pending = this.answer.pending ?? 0;
      if (record.request.createSession) this.metadata = { statistics: { sessionInfo: { sessionId: `session-${++sessions}` } } };
    }

    async getQueryResults(options: Record<string, unknown>) {
      this.record.resultCalls.push(options);
      if (this.answer.hang) return new Promise(() => undefined);
      if (this.answer.error) throw this.answer.error;
      if (this.pending-- > 0) return [[], {}, { jobComplete: false }];
      const pages = this.answer.pages ?? [[]];
      const index = options.pageToken ? Number(String(options.pageToken).slice(4)) : 0;
      const next = index + 1 < pages.length ? `page${index + 1}` : undefined;
      const schema = this.answer.schema ? { fields: this.answer.schema } : undefined;
      return [pages[index], next ? { pageToken: next } : null, { jobComplete: true, schema, rows: pages[index], ...(next ? { pageToken: next } : {}) }];
    }

    async cancel() {
      this.record.cancelled = true;
      return [{}];
    }

    async getMetadata() {
      return [this.metadata];
    }
  }

  class FakeBigQuery {
    constructor(readonly options: Record<string, unknown>) {
      fakeState.clients.push(options);
    }

    async createQueryJob(request: Record<string, unknown>) {
      const record: FakeJobRecord = { client: this.options, request, cancelled: false, resultCalls: [] };
      fakeState.jobs.push(record);
      return [new FakeJob(record), {}];
    }

    dataset(name: string) {
      return {
        getMetadata: async () => {
          if (fakeState.datasetError) throw fakeState.datasetError;
          return [{ id: name }];
        },
      };
    }
  }

  /** An error as the client's ApiError carries it: HTTP status, reasons, message. */
  function apiError(code: number, reason: string, message: string) {
    return Object.assign(new Error(message), { code, errors: [{ reason, message }] });
  }

  return { fakeState, FakeBigQuery, raw, apiError };
});

vi.mock('@google-cloud/bigquery', () => ({ BigQuery: fake.FakeBigQuery }));

const { fakeState, raw, apiError } = fake;

const CONFIG: BigqueryConfig = {
  projectId: 'acme-analytics',
  dataset: 'sales',
  location: 'EU',
  credentials: { client_email: 'roundtrip@acme-analytics.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n' },
  poolSize: 4,
  statementTimeoutMs: 5_000,
  maximumBytesBilled: 1_000_000,
};

const USER = { role: 'analyst', settings: { oauth_token: 'ya29.user-token' } };

async function connect(): Promise<BigqueryDriver> {
  const driver = await BigqueryDriver.connect(CONFIG);
  fakeState.jobs = [];
  return driver;
}

const sqlOf = () => fakeState.jobs.map((j) => j.request.query);

beforeEach(() => fakeState.reset());

describe('BigqueryDriver.connect', () => {
  it('opens the client with the project, location and service account key, then checks a query and the dataset', async () => {
    await BigqueryDriver.connect(CONFIG);
    expect(fakeState.clients).toEqual([{ projectId: 'acme-analytics', location: 'EU', credentials: CONFIG.credentials }]);
    expect(sqlOf()).toEqual(['SELECT 1']);
  });

  it('names a missing dataset DRV_NOT_FOUND and refused credentials DRV_AUTH', async () => {
    fakeState.datasetError = apiError(404, 'notFound', 'Not found: Dataset acme-analytics:sales');
    await expect(BigqueryDriver.connect(CONFIG)).rejects.toMatchObject({ code: 'DRV_NOT_FOUND' });
    fakeState.reset();
    fakeState.respond = () => ({ error: apiError(401, 'authError', 'Request had invalid authentication credentials.') });
    await expect(BigqueryDriver.connect(CONFIG)).rejects.toMatchObject({ code: 'DRV_AUTH' });
  });
});

describe('parameters', () => {
  it('binds @pN as named parameters with explicit types: text and NULL as STRING, integers exactly as INT64', async () => {
    const driver = await connect();
    await driver.query('SELECT @p1, @p2, @p3, @p4, @p5, @p6', ['naïve', 42, 0.25, true, null, 9007199254740993n]);
    const { request } = fakeState.jobs[0]!;
    expect(request.params).toEqual({ p1: 'naïve', p2: '42', p3: '0.25', p4: true, p5: null, p6: '9007199254740993' });
    expect(request.types).toEqual({ p1: 'STRING', p2: 'INT64', p3: 'FLOAT64', p4: 'BOOL', p5: 'STRING', p6: 'INT64' });
    expect(request).toMatchObject({
      useLegacySql: false,
      defaultDataset: { projectId: 'acme-analytics', datasetId: 'sales' },
      jobTimeoutMs: 5_000,
      maximumBytesBilled: '1000000',
      location: 'EU',
    });
  });

  it('stages rows as ONE JSON text parameter, whatever their number', async () => {
    const driver = await connect();
    const type = driver.dialect.parseType;
    const key = [{ name: 'id', type: type('INT64') }];
    const columns = [{ name: 'amount', type: type('NUMERIC(18, 2)') }];
    for (const rows of [[['1', '2.50']], Array.from({ length: 500 }, (_, i) => [String(i), i % 2 ? null : '1.00'])]) {
      const q = renderSql(driver.dialect.updateByKey('sales.orders', key, columns, rows), driver.dialect);
      await driver.query(q.sql, q.params);
    }
    const [one, many] = fakeState.jobs;
    expect(one!.request.query).toBe(many!.request.query);
    expect(one!.request.params).toEqual({ p1: '[["1","2.50"]]' });
    expect(one!.request.types).toEqual({ p1: 'STRING' });
    expect(JSON.parse(String((many!.request.params as { p1: string }).p1))[1]).toEqual(['1', null]);
  });
});

describe('results', () => {
  it('maps INT64 and NUMERIC as exact strings (decimals at their scale), dates, timestamps, booleans, JSON and nulls', async () => {
    fakeState.respond = () => ({
      schema: [
        { name: 'big', type: 'INTEGER' },
        { name: 'amount', type: 'NUMERIC', precision: '18', scale: '2' },
        { name: 'huge', type: 'BIGNUMERIC' },
        { name: 'ratio', type: 'FLOAT' },
        { name: 'flag', type: 'BOOLEAN' },
        { name: 'day', type: 'DATE' },
        { name: 'at', type: 'TIMESTAMP' },
        { name: 'local', type: 'DATETIME' },
        { name: 'doc', type: 'JSON' },
        { name: 'label', type: 'STRING' },
        { name: 'tags', type: 'STRING', mode: 'REPEATED' },
        {
          name: 'pair',
          type: 'RECORD',
          fields: [
            { name: 'a', type: 'INTEGER' },
            { name: 'b', type: 'BOOLEAN' },
          ],
        },
      ],
      pages: [
        [
          raw(
            '9007199254740993',
            '12345678.9',
            '123456789012345678901234567890.12345678901234567890123456789',
            '0.25',
            'true',
            '2026-02-28',
            '1772273472000001',
            '2026-02-28T10:11:12',
            '{"a":1}',
            null,
            [{ v: 'x' }, { v: 'y' }],
            { f: [{ v: '7' }, { v: 'false' }] },
          ),
        ],
      ],
    });
    const driver = await connect();
    const result = await driver.query('SELECT …');
    expect(result.rows).toEqual([
      {
        big: '9007199254740993',
        amount: '12345678.90',
        huge: '123456789012345678901234567890.12345678901234567890123456789',
        ratio: 0.25,
        flag: true,
        day: '2026-02-28',
        at: '2026-02-28T10:11:12.000001Z',
        local: '2026-02-28T10:11:12',
        doc: '{"a":1}',
        label: null,
        tags: '["x","y"]',
        pair: '{"a":"7","b":false}',
      },
    ]);
    expect(result.columns.slice(0, 3)).toEqual([
      { name: 'big', type: 'INT64' },
      { name: 'amount', type: 'NUMERIC(18, 2)' },
      { name: 'huge', type: 'BIGNUMERIC' },
    ]);
    expect(fakeState.jobs[0]!.resultCalls[0]).toMatchObject({ skipParsing: true, autoPaginate: false, 'formatOptions.useInt64Timestamp': true });
  });

  it('waits while the job runs and reads every page', async () => {
    fakeState.respond = () => ({ pending: 2, schema: [{ name: 'n', type: 'INTEGER' }], pages: [[raw('1'), raw('2')], [raw('3')]] });
    const driver = await connect();
    expect((await driver.query('SELECT n')).rows).toEqual([{ n: '1' }, { n: '2' }, { n: '3' }]);
    expect(fakeState.jobs[0]!.resultCalls.map((c) => c.pageToken)).toEqual([undefined, undefined, undefined, 'page1']);
  });

  it('streams a page per batch, asking for pages of 10,000 rows', async () => {
    fakeState.respond = () => ({ schema: [{ name: 'n', type: 'INTEGER' }], pages: [[raw('1')], [raw('2')], [raw('3')]] });
    const driver = await connect();
    const stream = await driver.stream('SELECT n');
    const batches: unknown[] = [];
    for await (const batch of stream.batches) batches.push(batch);
    await stream.close();
    expect(stream.columns).toEqual([{ name: 'n', type: 'INT64' }]);
    expect(batches).toEqual([[{ n: '1' }], [{ n: '2' }], [{ n: '3' }]]);
    expect(fakeState.jobs[0]!.resultCalls.every((c) => c.maxResults === 10_000)).toBe(true);
  });
});

describe('transactions', () => {
  it('runs BEGIN in a new session, every statement in it, then COMMIT, and ends the session', async () => {
    const driver = await connect();
    const result = await driver.transaction(async (tx) => {
      await tx.query('UPDATE t SET a = @p1 WHERE TRUE', ['x']);
      await tx.query('INSERT INTO audit (a) VALUES (@p1)', ['y']);
      return 'done';
    });
    expect(result).toBe('done');
    expect(sqlOf()).toEqual([
      'BEGIN TRANSACTION',
      'UPDATE t SET a = @p1 WHERE TRUE',
      'INSERT INTO audit (a) VALUES (@p1)',
      'COMMIT TRANSACTION',
      'CALL BQ.ABORT_SESSION()',
    ]);
    expect(fakeState.jobs[0]!.request.createSession).toBe(true);
    const session = fakeState.jobs[1]!.request.connectionProperties;
    expect(session).toEqual([{ key: 'session_id', value: expect.stringMatching(/^session-/) }]);
    expect(fakeState.jobs.slice(1).every((j) => JSON.stringify(j.request.connectionProperties) === JSON.stringify(session))).toBe(true);
  });

  it('rolls back when the work throws, passing its own error on untranslated', async () => {
    const driver = await connect();
    const mistake = new Error('a bug in the caller');
    await expect(
      driver.transaction(async (tx) => {
        await tx.query('DELETE FROM t WHERE TRUE');
        throw mistake;
      }),
    ).rejects.toBe(mistake);
    expect(sqlOf()).toEqual(['BEGIN TRANSACTION', 'DELETE FROM t WHERE TRUE', 'ROLLBACK TRANSACTION', 'CALL BQ.ABORT_SESSION()']);
  });

  it('translates a concurrent update to DRV_TRANSACTION_CONFLICT and rolls back', async () => {
    fakeState.respond = (request) =>
      request.query === 'COMMIT TRANSACTION'
        ? { error: apiError(400, 'invalidQuery', 'Transaction is aborted due to concurrent update against table acme-analytics:sales.t.') }
        : {};
    const driver = await connect();
    await expect(driver.transaction((tx) => tx.query('UPDATE t SET a = 1 WHERE TRUE'))).rejects.toMatchObject({ code: 'DRV_TRANSACTION_CONFLICT' });
    expect(sqlOf().slice(-2)).toEqual(['ROLLBACK TRANSACTION', 'CALL BQ.ABORT_SESSION()']);
  });
});

describe('identity', () => {
  it('declares roles without transactions in user-token mode (writes take the journaled strategy), and transactions without roles otherwise', async () => {
    const service = await BigqueryDriver.connect(CONFIG);
    expect(service.capabilities).toMatchObject({ transactions: true, roles: false });
    const users = await BigqueryDriver.connect({ ...CONFIG, userTokens: true });
    expect(users.capabilities).toMatchObject({ transactions: false, roles: true, nativeTimeTravel: true, enforcesKeys: false });
    // Each statement a job of its own: the user's with their token, the service's (journal, audit) with the key.
    fakeState.jobs = [];
    await users.query('SELECT 1', [], { identity: USER });
    await users.query('SELECT 2');
    const [asUser, asService] = fakeState.jobs.map((j) => j.client as { authClient?: { credentials?: { access_token?: string } }; credentials?: unknown });
    expect(asUser!.authClient?.credentials?.access_token).toBe('ya29.user-token');
    expect(asService!.credentials).toEqual(CONFIG.credentials);
  });

  it("runs a user's reads with a client authenticated by their own access token", async () => {
    const driver = await connect();
    await driver.query('SELECT 1', [], { identity: USER });
    const client = fakeState.jobs[0]!.client as { authClient?: { credentials?: { access_token?: string } }; credentials?: unknown };
    expect(client.authClient?.credentials?.access_token).toBe('ya29.user-token');
    expect(client.credentials).toBeUndefined();
  });

  it('refuses an identity without a token, and names access refusals by who was refused', async () => {
    const driver = await connect();
    await expect(driver.query('SELECT 1', [], { identity: { role: 'analyst', settings: {} } })).rejects.toMatchObject({ code: 'GOV_WAREHOUSE_DENIED' });
    expect(fakeState.jobs).toEqual([]);
    fakeState.respond = () => ({ error: apiError(403, 'accessDenied', 'Access Denied: Table acme-analytics:sales.t: User does not have permission') });
    await expect(driver.query('SELECT 1', [], { identity: USER })).rejects.toMatchObject({ code: 'GOV_WAREHOUSE_DENIED' });
    await expect(driver.query('SELECT 1')).rejects.toMatchObject({ code: 'DRV_AUTH' });
  });

  it("runs a user's transaction in their own session and refuses to switch it to the service identity", async () => {
    const driver = await connect();
    const error = await driver
      .transaction(
        async (tx) => {
          await tx.query('UPDATE t SET a = 1 WHERE TRUE');
          await tx.useServiceIdentity();
          await tx.query('INSERT INTO audit (a) VALUES (1)');
        },
        { identity: USER },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'DRV_UNSUPPORTED' });
    expect(sqlOf()).toEqual(['BEGIN TRANSACTION', 'UPDATE t SET a = 1 WHERE TRUE', 'ROLLBACK TRANSACTION', 'CALL BQ.ABORT_SESSION()']);
    expect(fakeState.jobs.every((j) => (j.client as { authClient?: unknown }).authClient)).toBe(true);
  });
});

describe('cancellation', () => {
  it('cancels the job and rejects with an AbortError', async () => {
    const driver = await connect();
    fakeState.respond = () => ({ hang: true });
    const controller = new AbortController();
    const running = driver.query('SELECT slow()', [], { signal: controller.signal });
    await vi.waitFor(() => expect(fakeState.jobs).toHaveLength(1));
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(fakeState.jobs[0]!.cancelled).toBe(true);
  });

  it('reports a job BigQuery stopped on its timeout as DRV_TIMEOUT', async () => {
    const driver = await connect();
    fakeState.respond = () => ({ error: apiError(400, 'timeout', 'Job timed out after 5s') });
    await expect(driver.query('SELECT slow()')).rejects.toMatchObject({ code: 'DRV_TIMEOUT' });
  });
});

describe('introspect', () => {
  it("reads the dataset's tables, columns, defaults and NOT ENFORCED primary keys", async () => {
    const driver = await connect();
    const text = (...names: string[]) => names.map((name) => ({ name, type: 'STRING' }));
    fakeState.respond = (request) => {
      const query = String(request.query);
      if (query.includes('KEY_COLUMN_USAGE'))
        return { schema: text('table_schema', 'table_name', 'column_name'), pages: [[raw('sales', 'orders', 'id'), raw('sales', 'orders', 'line')]] };
      if (query.includes('COLUMNS'))
        return {
          schema: text('table_schema', 'table_name', 'column_name', 'data_type', 'is_nullable', 'column_default'),
          pages: [
            [
              raw('sales', 'orders', 'id', 'INT64', 'NO', 'NULL'),
              raw('sales', 'orders', 'line', 'INT64', 'NO', 'NULL'),
              raw('sales', 'orders', 'note', 'STRING(200)', 'YES', "''"),
            ],
          ],
        };
      return { schema: text('table_schema', 'table_name', 'table_type'), pages: [[raw('sales', 'orders', 'BASE TABLE'), raw('sales', 'files', 'EXTERNAL')]] };
    };
    const catalog = await driver.introspect();
    expect(sqlOf()[0]).toContain('`acme-analytics`.`sales`.INFORMATION_SCHEMA.TABLES');
    expect(catalog.tables[0]).toEqual({
      schema: 'sales',
      name: 'orders',
      primaryKey: ['id', 'line'],
      columns: [
        { name: 'id', type: 'INT64', nullable: false, hasDefault: false },
        { name: 'line', type: 'INT64', nullable: false, hasDefault: false },
        { name: 'note', type: 'STRING(200)', nullable: true, hasDefault: true },
      ],
    });
    expect(catalog.tables[1]).toMatchObject({ name: 'files', notWritable: expect.stringMatching(/read-only/) });
  });

  it('gives a single INT64 key with a constant default numberFrom; not a key of two columns, a text key or an expression', async () => {
    const driver = await connect();
    const text = (...names: string[]) => names.map((name) => ({ name, type: 'STRING' }));
    fakeState.respond = (request) => {
      const query = String(request.query);
      if (query.includes('KEY_COLUMN_USAGE'))
        return {
          schema: text('table_schema', 'table_name', 'column_name'),
          pages: [
            [
              raw('sales', 'budget_lines', 'line_id'),
              raw('sales', 'pairs', 'a'),
              raw('sales', 'pairs', 'b'),
              raw('sales', 'codes', 'code'),
              raw('sales', 'runs', 'id'),
            ],
          ],
        };
      if (query.includes('COLUMNS'))
        return {
          schema: text('table_schema', 'table_name', 'column_name', 'data_type', 'is_nullable', 'column_default'),
          pages: [
            [
              raw('sales', 'budget_lines', 'line_id', 'INT64', 'NO', '2000001'),
              raw('sales', 'budget_lines', 'amount', 'INT64', 'YES', '0'),
              raw('sales', 'pairs', 'a', 'INT64', 'NO', '1'),
              raw('sales', 'pairs', 'b', 'INT64', 'NO', '1'),
              raw('sales', 'codes', 'code', 'STRING', 'NO', "'1'"),
              raw('sales', 'runs', 'id', 'INT64', 'NO', 'UNIX_SECONDS(CURRENT_TIMESTAMP())'),
            ],
          ],
        };
      return {
        schema: text('table_schema', 'table_name', 'table_type'),
        pages: [['budget_lines', 'pairs', 'codes', 'runs'].map((name) => raw('sales', name, 'BASE TABLE'))],
      };
    };
    const catalog = await driver.introspect();
    expect(catalog.tables[0]!.columns).toEqual([
      { name: 'line_id', type: 'INT64', nullable: false, hasDefault: true, numberFrom: 2000001 },
      { name: 'amount', type: 'INT64', nullable: true, hasDefault: true },
    ]);
    expect(catalog.tables.slice(1).flatMap((t) => t.columns.filter((c) => c.numberFrom !== undefined))).toEqual([]);
  });
});
