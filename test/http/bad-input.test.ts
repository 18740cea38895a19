import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors/index.js';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, tableFingerprint } from '../support/warehouse-probe.js';

let server: TestServer;
let director: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  director = await ApiClient.login(server.url, 'director');
});
afterAll(() => server?.close());

const CHANGESETS = '/api/apps/budget/tables/budget_lines/changesets';
const QUERY = '/api/apps/budget/datasets/budget_lines/query';
const history = (key: string) => `/api/apps/budget/tables/budget_lines/history?key=${encodeURIComponent(key)}`;
const DROP = "'; DROP TABLE budget_lines; --";

const update = (set: Record<string, unknown>, expect: Record<string, unknown> = {}, key: Record<string, unknown> = { line_id: 5 }) => ({
  op: 'update',
  key,
  set,
  expect,
});
const insert = (values: Record<string, unknown>) => ({ op: 'insert', values });
const newLine = { line_id: 800001, entity_id: 'E01', account_id: '6400', period: '2026-01-01', amount: '100' };
const changeset = (...changes: unknown[]) => ({ changes });

interface BadInput {
  name: string;
  method?: 'GET' | 'POST';
  path?: string;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: ErrorCode;
}

const CASES: BadInput[] = [
  // wrong types
  { name: 'amount as words', body: changeset(update({ amount: 'twelve' }, { amount: '0' })), status: 422, code: 'WB_VALIDATION' },
  { name: 'amount as an object', body: changeset(update({ amount: { value: 12 } }, { amount: '0' })), status: 400, code: 'REQ_INVALID' },
  { name: 'amount as a boolean', body: changeset(update({ amount: true }, { amount: '0' })), status: 422, code: 'WB_VALIDATION' },
  { name: 'amount with SQL appended', body: changeset(update({ amount: '1; DROP TABLE budget_lines' }, { amount: '0' })), status: 422, code: 'WB_VALIDATION' },
  { name: 'line_id key as words', body: changeset(update({ comment: 'x' }, { comment: null }, { line_id: 'five' })), status: 422, code: 'WB_VALIDATION' },
  { name: 'line_id key as a fraction', body: changeset(update({ comment: 'x' }, { comment: null }, { line_id: 5.5 })), status: 422, code: 'WB_VALIDATION' },
  {
    name: 'line_id key with SQL text',
    body: changeset(update({ comment: 'x' }, { comment: null }, { line_id: '5 OR 1=1' })),
    status: 422,
    code: 'WB_VALIDATION',
  },
  { name: 'line_id out of integer range on insert', body: changeset(insert({ ...newLine, line_id: 2 ** 40 })), status: 422, code: 'WB_VALIDATION' },
  { name: 'line_id as a list on insert', body: changeset(insert({ ...newLine, line_id: [1, 2] })), status: 400, code: 'REQ_INVALID' },
  { name: 'period that is not a date', body: changeset(insert({ ...newLine, period: 'yesterday' })), status: 422, code: 'WB_VALIDATION' },
  { name: 'period that is not a calendar day', body: changeset(insert({ ...newLine, period: '2026-02-30' })), status: 422, code: 'WB_VALIDATION' },
  { name: 'insert without the required amount', body: changeset(insert({ ...newLine, amount: undefined })), status: 422, code: 'WB_VALIDATION' },
  { name: 'entity id carrying SQL on insert', body: changeset(insert({ ...newLine, entity_id: `E01${DROP}` })), status: 422, code: 'WB_VALIDATION' },
  // unknown columns
  { name: 'unknown column in set', body: changeset(update({ colour: 'red' }, { colour: null })), status: 400, code: 'WB_UNKNOWN_COLUMN' },
  { name: 'unknown column in expect', body: changeset(update({ amount: '1' }, { amount: '0', colour: 'red' })), status: 400, code: 'WB_UNKNOWN_COLUMN' },
  { name: 'unknown column in insert values', body: changeset(insert({ ...newLine, colour: 'red' })), status: 400, code: 'WB_UNKNOWN_COLUMN' },
  { name: 'unknown column in key', body: changeset(update({ amount: '1' }, { amount: '0' }, { line_no: 5 })), status: 400, code: 'WB_UNKNOWN_COLUMN' },
  {
    name: 'SQL text as a column name in set',
    body: changeset(update({ 'amount = 0; --': '1' }, { 'amount = 0; --': null })),
    status: 400,
    code: 'WB_UNKNOWN_COLUMN',
  },
  // keys
  { name: 'update without a key', body: changeset({ op: 'update', set: { amount: '1' }, expect: { amount: '0' } }), status: 400, code: 'REQ_INVALID' },
  { name: 'empty key', body: changeset(update({ amount: '1' }, { amount: '0' }, {})), status: 400, code: 'WB_INVALID_KEY' },
  {
    name: 'key with an extra column',
    body: changeset(update({ amount: '1' }, { amount: '0' }, { line_id: 5, entity_id: 'E01' })),
    status: 400,
    code: 'WB_INVALID_KEY',
  },
  { name: 'null key value', body: changeset(update({ amount: '1' }, { amount: '0' }, { line_id: null })), status: 400, code: 'WB_INVALID_KEY' },
  { name: 'update setting the key column', body: changeset(update({ line_id: 6 }, { line_id: 5 })), status: 400, code: 'WB_INVALID_KEY' },
  { name: 'update with nothing to set', body: changeset(update({}, {})), status: 400, code: 'WB_INVALID_KEY' },
  { name: 'update without expect', body: changeset({ op: 'update', key: { line_id: 5 }, set: { amount: '1' } }), status: 400, code: 'WB_EXPECT_REQUIRED' },
  { name: 'delete without a key', body: changeset({ op: 'delete', expect: {} }), status: 400, code: 'REQ_INVALID' },
  {
    name: 'update of a row that does not exist',
    body: changeset(update({ amount: '1' }, { amount: '0' }, { line_id: 999999 })),
    status: 404,
    code: 'ROW_NOT_FOUND',
  },
  { name: 'delete of a row that does not exist', body: changeset({ op: 'delete', key: { line_id: 999999 }, expect: {} }), status: 404, code: 'ROW_NOT_FOUND' },
  // changeset shape
  { name: 'empty changes', body: changeset(), status: 400, code: 'REQ_INVALID' },
  {
    name: '50,001 changes',
    body: { changes: Array.from({ length: 50_001 }, (_, i) => update({ comment: 'x' }, { comment: null }, { line_id: i + 1 })) },
    status: 413,
    code: 'WB_CHANGESET_TOO_LARGE',
  },
  { name: 'change without op', body: changeset({ key: { line_id: 5 }, set: { amount: '1' }, expect: { amount: '0' } }), status: 400, code: 'REQ_INVALID' },
  {
    name: 'unknown op',
    body: changeset({ op: 'upsert', key: { line_id: 5 }, set: { amount: '1' }, expect: { amount: '0' } }),
    status: 400,
    code: 'REQ_INVALID',
  },
  { name: 'change with an extra property', body: changeset({ ...update({ amount: '1' }, { amount: '0' }), where: '1=1' }), status: 400, code: 'REQ_INVALID' },
  {
    name: 'unknown top-level property',
    body: { ...changeset(update({ amount: '1' }, { amount: '0' })), sql: 'DELETE FROM budget_lines' },
    status: 400,
    code: 'REQ_INVALID',
  },
  { name: 'changes that are not a list', body: { changes: { op: 'update' } }, status: 400, code: 'REQ_INVALID' },
  { name: 'a JSON list as the body', body: [update({ amount: '1' }, { amount: '0' })], status: 400, code: 'REQ_INVALID' },
  { name: 'JSON null as the body', body: 'null', status: 400, code: 'REQ_INVALID' },
  {
    name: 'a reason over 2000 characters',
    body: { ...changeset(update({ comment: 'x' }, { comment: null })), reason: 'r'.repeat(2001) },
    status: 400,
    code: 'REQ_INVALID',
  },
  { name: 'a cell over 100000 characters', body: changeset(update({ comment: 'c'.repeat(100_001) }, { comment: null })), status: 400, code: 'REQ_INVALID' },
  {
    name: 'an empty idempotency key',
    body: { ...changeset(update({ comment: 'x' }, { comment: null })), idempotencyKey: '' },
    status: 400,
    code: 'REQ_INVALID',
  },
  // transport
  {
    name: 'a changeset body over 48 MiB',
    body: changeset(update({ comment: 'c'.repeat(49 * 1024 * 1024) }, { comment: null })),
    status: 413,
    code: 'REQ_TOO_LARGE',
  },
  { name: 'malformed JSON', body: '{"changes": [{"op": "update",', status: 400, code: 'REQ_MALFORMED_JSON' },
  { name: 'an empty JSON body', body: '', status: 400, code: 'REQ_MALFORMED_JSON' },
  { name: 'a prototype-poisoning body', body: '{"changes":[],"__proto__":{"isAdmin":true}}', status: 400, code: 'REQ_MALFORMED_JSON' },
  {
    name: 'a form-encoded body',
    body: 'changes=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'REQ_UNSUPPORTED_MEDIA',
  },
  {
    name: 'a plain-text body',
    body: JSON.stringify(changeset(update({ comment: 'x' }, { comment: null }))),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'REQ_UNSUPPORTED_MEDIA',
  },
  // path segments
  {
    name: 'unknown table',
    path: '/api/apps/budget/tables/budget_line/changesets',
    body: changeset(update({ amount: '1' }, { amount: '0' })),
    status: 404,
    code: 'TABLE_NOT_FOUND',
  },
  {
    name: 'a dataset used as a table',
    path: '/api/apps/budget/tables/totals/changesets',
    body: changeset(update({ amount: '1' }, { amount: '0' })),
    status: 404,
    code: 'TABLE_NOT_FOUND',
  },
  {
    name: 'SQL in the table segment',
    path: '/api/apps/budget/tables/budget_lines;DROP/changesets',
    body: changeset(update({ amount: '1' }, { amount: '0' })),
    status: 400,
    code: 'REQ_INVALID',
  },
  {
    name: 'encoded SQL in the table segment',
    path: `/api/apps/budget/tables/${encodeURIComponent('budget_lines; DROP TABLE budget_lines')}/changesets`,
    body: changeset(update({ amount: '1' }, { amount: '0' })),
    status: 400,
    code: 'REQ_INVALID',
  },
  {
    name: 'the audit table as a table',
    path: '/api/apps/budget/tables/roundtrip_audit.changesets/changesets',
    body: changeset(insert({ changeset_id: 'x' })),
    status: 400,
    code: 'REQ_INVALID',
  },
  {
    name: 'unknown app',
    path: '/api/apps/payroll/tables/budget_lines/changesets',
    body: changeset(update({ amount: '1' }, { amount: '0' })),
    status: 404,
    code: 'APP_NOT_FOUND',
  },
  {
    name: 'SQL in the app segment',
    path: '/api/apps/budget;DROP/tables/budget_lines/changesets',
    body: changeset(update({ amount: '1' }, { amount: '0' })),
    status: 400,
    code: 'REQ_INVALID',
  },
  // queries
  { name: 'unknown dataset', path: '/api/apps/budget/datasets/salaries/query', body: {}, status: 404, code: 'DATASET_NOT_FOUND' },
  { name: 'SQL in the dataset segment', path: '/api/apps/budget/datasets/totals;DROP/query', body: {}, status: 400, code: 'REQ_INVALID' },
  { name: 'filter on an unknown column', path: QUERY, body: { filters: [{ column: 'salary', op: 'eq', value: 1 }] }, status: 400, code: 'QRY_UNKNOWN_COLUMN' },
  {
    name: 'SQL as a filter column',
    path: QUERY,
    body: { filters: [{ column: 'entity_id = entity_id OR 1=1 --', op: 'eq', value: 'E01' }] },
    status: 400,
    code: 'QRY_UNKNOWN_COLUMN',
  },
  {
    name: 'SQL as a sort column',
    path: QUERY,
    body: { sort: [{ column: 'amount; DROP TABLE budget_lines', direction: 'asc' }] },
    status: 400,
    code: 'QRY_UNKNOWN_COLUMN',
  },
  {
    name: 'SQL as a sort direction',
    path: QUERY,
    body: { sort: [{ column: 'amount', direction: 'asc; DROP TABLE budget_lines' }] },
    status: 400,
    code: 'REQ_INVALID',
  },
  {
    name: 'SQL as an integer filter value',
    path: QUERY,
    body: { filters: [{ column: 'line_id', op: 'eq', value: '1 OR 1=1' }] },
    status: 400,
    code: 'QRY_INVALID_FILTER',
  },
  {
    name: 'text as a decimal filter value',
    path: QUERY,
    body: { filters: [{ column: 'amount', op: 'gt', value: 'lots' }] },
    status: 400,
    code: 'QRY_INVALID_FILTER',
  },
  {
    name: "'in' filter without a list",
    path: QUERY,
    body: { filters: [{ column: 'entity_id', op: 'in', value: 'E01' }] },
    status: 400,
    code: 'QRY_INVALID_FILTER',
  },
  { name: 'eq filter with null', path: QUERY, body: { filters: [{ column: 'comment', op: 'eq', value: null }] }, status: 400, code: 'QRY_INVALID_FILTER' },
  { name: 'unknown filter operator', path: QUERY, body: { filters: [{ column: 'amount', op: 'like', value: '%' }] }, status: 400, code: 'REQ_INVALID' },
  { name: 'limit as text', path: QUERY, body: { limit: '10; DROP TABLE budget_lines' }, status: 400, code: 'REQ_INVALID' },
  { name: 'negative offset', path: QUERY, body: { offset: -1 }, status: 400, code: 'REQ_INVALID' },
  {
    name: 'SQL as a dataset parameter name',
    path: '/api/apps/budget/datasets/totals/query',
    body: { params: { 'entity; DROP TABLE budget_lines': 'E01' } },
    status: 400,
    code: 'QRY_INVALID_PARAM',
  },
  {
    name: 'an object as a dataset parameter value',
    path: '/api/apps/budget/datasets/totals/query',
    body: { params: { entity: { sql: 'TRUE' } } },
    status: 400,
    code: 'REQ_INVALID',
  },
  { name: 'parameters for a table dataset', path: QUERY, body: { params: { entity: 'E01' } }, status: 400, code: 'QRY_INVALID_PARAM' },
  { name: 'malformed JSON in a query', path: QUERY, body: '{"filters": [', status: 400, code: 'REQ_MALFORMED_JSON' },
  // history
  { name: 'history key that is not JSON', method: 'GET', path: history('line_id=5'), status: 400, code: 'REQ_INVALID' },
  { name: 'history without a key', method: 'GET', path: '/api/apps/budget/tables/budget_lines/history', status: 400, code: 'REQ_INVALID' },
  { name: 'history key as a JSON list', method: 'GET', path: history('[5]'), status: 400, code: 'REQ_INVALID' },
  { name: 'history key with an operator object', method: 'GET', path: history('{"line_id":{"$gt":0}}'), status: 400, code: 'REQ_INVALID' },
  { name: 'history key naming another column', method: 'GET', path: history('{"entity_id":"E01"}'), status: 400, code: 'WB_INVALID_KEY' },
  { name: 'history key with SQL text', method: 'GET', path: history('{"line_id":"5 OR 1=1"}'), status: 400, code: 'WB_INVALID_KEY' },
  { name: 'history with an extra query parameter', method: 'GET', path: `${history('{"line_id":5}')}&limit=1`, status: 400, code: 'REQ_INVALID' },
  { name: 'history of a row that does not exist', method: 'GET', path: history('{"line_id":999999}'), status: 404, code: 'ROW_NOT_FOUND' },
];

async function snapshot() {
  return { budget: await tableFingerprint(server.runtime, 'budget_lines'), audit: await auditCounts(server.runtime) };
}

describe('bad input', () => {
  it.each(CASES)('refuses $name with $status $code and writes nothing', async (c) => {
    const before = await snapshot();
    const response = await director.request(c.method ?? 'POST', c.path ?? CHANGESETS, c.method === 'GET' ? undefined : c.body, c.headers);
    expect(response.status).toBeLessThan(500);
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: c.status, code: c.code });
    expect(response.body.error.message).toEqual(expect.any(String));
    expect(response.body.error.details).toEqual(expect.any(Object));
    expect(await snapshot()).toEqual(before);
  });

  it('stores a comment that looks like SQL verbatim and keeps the table', async () => {
    const comment = `${DROP} Robert'); DELETE FROM budget_lines WHERE ('1'='1`;
    const written = await director.changeset('budget', 'budget_lines', { changes: [update({ comment }, { comment: null }, { line_id: 6 })] });
    expect(written.status).toBe(200);
    expect(written.body.applied).toBe(1);

    const { rows } = await server.runtime.warehouse.query('SELECT comment, (SELECT count(*) FROM budget_lines) AS n FROM budget_lines WHERE line_id = 6');
    expect(rows).toEqual([{ comment, n: expect.anything() }]);
    expect(Number(rows[0]!.n)).toBe(19_200);

    const found = await director.query('budget', 'budget_lines', { filters: [{ column: 'comment', op: 'contains', value: DROP }] });
    expect(found.status).toBe(200);
    expect(found.body.rows).toEqual([expect.objectContaining({ line_id: 6, comment })]);
  });

  it('binds SQL-looking filter values and dataset parameters as plain values', async () => {
    const before = await snapshot();
    const filtered = await director.query('budget', 'budget_lines', { filters: [{ column: 'entity_id', op: 'eq', value: "E01' OR '1'='1" }], withTotal: true });
    expect(filtered.status).toBe(200);
    expect(filtered.body).toMatchObject({ rows: [], total: 0 });

    const inList = await director.query('budget', 'budget_lines', {
      filters: [{ column: 'entity_id', op: 'in', value: ['E02', "E01') OR ('1'='1"] }],
      withTotal: true,
    });
    expect(inList.body.total).toBe(480);

    const totals = await director.query('budget', 'totals', { params: { entity: "E01' OR TRUE --" } });
    expect(totals.status).toBe(200);
    expect(totals.body.rows).toEqual([{ actual: null, budget: null, variance: null }]);
    expect(await snapshot()).toEqual(before);
  });
});
