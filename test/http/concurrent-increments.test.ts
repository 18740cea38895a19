import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql, sql, table, typed } from '../../src/warehouse/sql.js';
import { ApiClient } from '../support/api-client.js';
import { bulkProject } from '../support/bulk-project.js';
import { STRATEGY_ENGINES } from '../support/engines.js';
import { incrementConcurrently } from '../support/increments.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CLIENTS = 16;
const ATTEMPTS = 100;
const LINE_ID = 7;

describe.each(STRATEGY_ENGINES)('concurrent increments on $label', (engine) => {
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

  const amount = async () => {
    const integer = server.runtime.warehouse.dialect.parseType('INTEGER');
    const { rows } = await runSql(server.runtime.warehouse, sql`SELECT amount FROM lines WHERE line_id = ${typed(LINE_ID, integer)}`);
    return Number(rows[0]!.amount);
  };

  it(`keeps every acknowledged write of ${CLIENTS} clients × ${ATTEMPTS} read-then-write increments of one cell`, async () => {
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => ApiClient.login(server.url, 'boss', FIXTURE_PASSWORD)));
    const initial = await amount();
    const outcomes = await incrementConcurrently(clients, ATTEMPTS, { app: 'lines', table: 'lines', key: { line_id: LINE_ID }, column: 'amount' });
    expect(outcomes.other).toEqual([]);
    expect(outcomes.ok + outcomes.conflict).toBe(CLIENTS * ATTEMPTS);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(await amount()).toBe(initial + outcomes.ok);

    // One audit cell per acknowledged write, forming one unbroken chain of values.
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT old_value, new_value FROM ${table('roundtrip_audit.cell_changes')}
           WHERE row_key = ${`{"line_id":${LINE_ID}}`} AND column_name = ${'amount'}`,
    );
    const steps = rows.map((row) => [Number(row.old_value), Number(row.new_value)]).sort((a, b) => a[1]! - b[1]!);
    expect(steps).toHaveLength(outcomes.ok);
    steps.forEach(([oldValue, newValue], i) => {
      expect(oldValue).toBe(initial + i);
      expect(newValue).toBe(initial + i + 1);
    });
  }, 300_000);
});
