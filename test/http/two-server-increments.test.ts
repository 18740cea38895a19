import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql, sql, table, typed } from '../../src/warehouse/sql.js';
import { ApiClient } from '../support/api-client.js';
import { bulkProject } from '../support/bulk-project.js';
import { ENGINES } from '../support/engines.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { incrementConcurrently } from '../support/increments.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CLIENTS_PER_SERVER = 4;
const ATTEMPTS = 15;
const LINE_ID = 9;

// Two servers of one project on one warehouse and one PostgreSQL system store. Where the warehouse has no
// transactions, only the system store's shared table lock keeps one server's check-then-write from
// interleaving with the other's. An embedded DuckDB file is opened by one process: no case for it here.
describe.each(ENGINES.filter((engine) => engine.sharedByServers))('two servers writing one cell on $name', (engine) => {
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

  it(`keeps every acknowledged write of ${CLIENTS_PER_SERVER} clients on each server × ${ATTEMPTS} increments of one cell`, async () => {
    const login = (server: TestServer) => ApiClient.login(server.url, 'boss', FIXTURE_PASSWORD);
    const clients = await Promise.all([
      ...Array.from({ length: CLIENTS_PER_SERVER }, () => login(a)),
      ...Array.from({ length: CLIENTS_PER_SERVER }, () => login(b)),
    ]);
    const integer = a.runtime.warehouse.dialect.parseType('INTEGER');
    const amount = async () =>
      Number((await runSql(a.runtime.warehouse, sql`SELECT amount FROM lines WHERE line_id = ${typed(LINE_ID, integer)}`)).rows[0]!.amount);
    const initial = await amount();

    const outcomes = await incrementConcurrently(clients, ATTEMPTS, { app: 'lines', table: 'lines', key: { line_id: LINE_ID }, column: 'amount' });
    expect(outcomes.other).toEqual([]);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(await amount()).toBe(initial + outcomes.ok);
    const { rows } = await runSql(
      a.runtime.warehouse,
      sql`SELECT old_value, new_value FROM ${table('roundtrip_audit.cell_changes')} WHERE row_key = ${`{"line_id":${LINE_ID}}`} AND column_name = ${'amount'}`,
    );
    const steps = rows.map((row) => [Number(row.old_value), Number(row.new_value)]).sort((x, y) => x[1]! - y[1]!);
    expect(steps).toEqual(Array.from({ length: outcomes.ok }, (_, i) => [initial + i, initial + i + 1]));
  }, 300_000);
});
