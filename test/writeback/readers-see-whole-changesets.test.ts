import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/writeback/changeset-schema.js';
import { ApiClient } from '../support/api-client.js';
import { bulkProject, regionOf } from '../support/bulk-project.js';
import { ENGINES } from '../support/engines.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Readers see a changeset whole or not at all: reads running while a large
 * mixed changeset applies (on engines without transactions, group after
 * group) see the table before it or after it, never in between; on the
 * server that writes and on another server of the project.
 */
describe.each(ENGINES)('readers during a changeset on $name', (engine) => {
  let fixture: FixtureProject;
  let server: TestServer;

  beforeAll(async () => {
    fixture = await bulkProject();
    server = await startTestServer({ projectDir: fixture.dir, engine });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    fixture?.remove();
  });

  it('shows a 3,000-change changeset whole or not at all to reads running meanwhile', async () => {
    const [writer, reader] = await Promise.all([ApiClient.login(server.url, 'boss', FIXTURE_PASSWORD), ApiClient.login(server.url, 'boss', FIXTURE_PASSWORD)]);
    await expectWholeChangeset(writer, reader, 10_000);
  });
});

// An embedded DuckDB file is opened by one process: no case for it here.
describe.each(ENGINES.filter((engine) => engine.sharedByServers))('readers on another server during a changeset on $name', (engine) => {
  let fixture: FixtureProject;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    fixture = await bulkProject();
    a = await startTestServer({ projectDir: fixture.dir, engine, systemStore: 'postgres' });
    b = await startTestServer({ alongside: a });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    fixture?.remove();
  });

  it('shows a changeset written on one server whole or not at all to reads on the other', async () => {
    const [writer, reader] = await Promise.all([ApiClient.login(a.url, 'boss', FIXTURE_PASSWORD), ApiClient.login(b.url, 'boss', FIXTURE_PASSWORD)]);
    await expectWholeChangeset(writer, reader, 20_000);
  });
});

/** Row count and amount total as one read through the API sees them: of the table, or of a SQL dataset reading it. */
async function stateSeenBy(reader: ApiClient, dataset: 'lines' | 'line_totals'): Promise<string> {
  if (dataset === 'line_totals') {
    const response = await reader.query('lines', 'line_totals', {});
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [row] = response.body.rows;
    return `${Number(row.n)} rows, total ${Number(row.amount).toFixed(2)}`;
  }
  const response = await reader.query('lines', 'lines', { limit: 1, withTotal: true, aggregates: [{ column: 'amount', fn: 'sum' }] });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return `${response.body.total} rows, total ${Number(response.body.aggregates[0].value).toFixed(2)}`;
}

/**
 * Writes 2,000 updates, 500 deletes (lines [from, from + 2,500)) and 500
 * inserts as one changeset while three loops of `reader` read the table and
 * a SQL dataset over it; every state they saw is the one before or after.
 */
async function expectWholeChangeset(writer: ApiClient, reader: ApiClient, from: number): Promise<void> {
  const changes: Change[] = [];
  for (let i = 0; i < 2_000; i += 1)
    changes.push({ op: 'update', key: { line_id: from + i }, set: { amount: String(from + i + 1) }, expect: { amount: String(from + i) } });
  for (let i = 2_000; i < 2_500; i += 1) changes.push({ op: 'delete', key: { line_id: from + i }, expect: { amount: String(from + i) } });
  for (let i = 0; i < 500; i += 1) changes.push({ op: 'insert', values: { line_id: 3_000_000 + from + i, region: regionOf(i), amount: '1' } });
  const before = await stateSeenBy(reader, 'lines');
  expect(await stateSeenBy(reader, 'line_totals')).toBe(before);
  const seen = new Set<string>();
  let writing = true;
  let readsDuringWrite = 0;
  const readers = (['lines', 'lines', 'line_totals'] as const).map(async (dataset) => {
    while (writing) {
      const state = await stateSeenBy(reader, dataset);
      // Started and ended while the changeset was written.
      if (writing) readsDuringWrite += 1;
      seen.add(state);
    }
  });
  const response = await writer.changeset('lines', 'lines', { changes });
  writing = false;
  await Promise.all(readers);
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
  const after = await stateSeenBy(reader, 'lines');
  expect(after).not.toBe(before);
  expect(await stateSeenBy(reader, 'line_totals')).toBe(after);
  expect(readsDuringWrite, 'reads while the changeset was written').toBeGreaterThan(0);
  expect([...seen].filter((state) => state !== before && state !== after)).toEqual([]);
}
