import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { BULK_ROWS, bulkProject } from '../support/bulk-project.js';
import { ENGINES } from '../support/engines.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Search and totals are the warehouse's work: the grid asks for one page, and the count and sums
// cover every row the filters, the search and the read policy select.

describe.each(ENGINES)('dataset search and aggregates on $name', (engine) => {
  let fixture: FixtureProject;
  let server: TestServer;
  let planner: ApiClient;

  beforeAll(async () => {
    fixture = await bulkProject();
    server = await startTestServer({ projectDir: fixture.dir, engine });
    planner = await ApiClient.login(server.url, 'planner', FIXTURE_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    fixture?.remove();
  });

  it('counts and sums every selected row, not the page, under the read policy', async () => {
    const response = await planner.query('lines', 'lines', {
      filters: [{ column: 'region', op: 'in', value: ['north', 'west'] }],
      limit: 10,
      withTotal: true,
      aggregates: [
        { column: 'amount', fn: 'sum' },
        { column: 'amount', fn: 'max' },
        { column: 'note', fn: 'count' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.rows).toHaveLength(10);
    // planner reads north, east and south: "west" rows are not theirs, so only north (line_id % 4 = 0) counts.
    const north = Array.from({ length: BULK_ROWS }, (_, i) => i).filter((i) => i % 4 === 0);
    expect(response.body.total).toBe(north.length);
    const [sum, max, notes] = response.body.aggregates as { column: string; fn: string; value: unknown }[];
    expect(sum).toMatchObject({ column: 'amount', fn: 'sum' });
    expect(Number(sum!.value)).toBe(north.reduce((a, b) => a + b, 0));
    expect(Number(max!.value)).toBe(north.at(-1));
    expect(Number(notes!.value)).toBe(0);
  });

  it('searches the named columns as text, case-insensitively, with the filters', async () => {
    const response = await planner.query('lines', 'lines', {
      filters: [{ column: 'region', op: 'eq', value: 'east' }],
      search: { text: '999', columns: ['line_id', 'note'] },
      sort: [{ column: 'line_id', direction: 'asc' }],
      limit: 1000,
      withTotal: true,
      aggregates: [{ column: 'amount', fn: 'sum' }],
    });
    expect(response.status).toBe(200);
    const expected = Array.from({ length: BULK_ROWS }, (_, i) => i).filter((i) => i % 4 === 1 && String(i).includes('999'));
    expect(response.body.rows.map((r: { line_id: unknown }) => Number(r.line_id))).toEqual(expected);
    expect(response.body.total).toBe(expected.length);
    expect(Number(response.body.aggregates[0].value)).toBe(expected.reduce((a, b) => a + b, 0));

    const upper = await planner.query('lines', 'lines', { search: { text: 'NORTH', columns: ['region'] }, withTotal: true, limit: 1 });
    expect(upper.body.total).toBe(BULK_ROWS / 4);
  });

  it('refuses a sum of text and an unknown search column with their codes', async () => {
    const sum = await planner.query('lines', 'lines', { aggregates: [{ column: 'region', fn: 'sum' }] });
    expect(sum.status).toBe(400);
    expect(sum.body.error.code).toBe('QRY_INVALID_AGGREGATE');
    const search = await planner.query('lines', 'lines', { search: { text: 'x', columns: ['secret'] } });
    expect(search.status).toBe(400);
    expect(search.body.error.code).toBe('QRY_UNKNOWN_COLUMN');
  });
});
