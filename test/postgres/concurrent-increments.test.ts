import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { incrementConcurrently } from '../support/increments.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createGuardedBudget, writeGuardedProject } from './fixture.js';

const CLIENTS = 16;
const ATTEMPTS = 100;
const LINE_ID = 60;

let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  await createGuardedBudget(db);
  server = await startTestServer({ projectDir: await writeGuardedProject(db) });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

it(`loses no update with ${CLIENTS} clients × ${ATTEMPTS} read-then-write increments of one cell on PostgreSQL`, async () => {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => ApiClient.login(server.url, 'director')));
  const initial = Number((await db.admin.query('SELECT amount FROM budget_lines WHERE line_id = $1', [LINE_ID])).rows[0].amount);
  const outcomes = await incrementConcurrently(clients, ATTEMPTS, { app: 'budget', table: 'budget_lines', key: { line_id: LINE_ID }, column: 'amount' });
  expect(outcomes.other).toEqual([]);
  expect(outcomes.ok + outcomes.conflict).toBe(CLIENTS * ATTEMPTS);
  expect(outcomes.ok).toBeGreaterThan(0);
  const final = Number((await db.admin.query('SELECT amount FROM budget_lines WHERE line_id = $1', [LINE_ID])).rows[0].amount);
  expect(final).toBe(initial + outcomes.ok);
  const { rows } = await db.admin.query(
    `SELECT CAST(old_value AS NUMERIC) AS old_value, CAST(new_value AS NUMERIC) AS new_value FROM roundtrip_audit.cell_changes
      WHERE row_key = $1 AND column_name = 'amount' ORDER BY CAST(new_value AS NUMERIC)`,
    [`{"line_id":${LINE_ID}}`],
  );
  expect(rows).toHaveLength(outcomes.ok);
  rows.forEach((row, i) => {
    expect(Number(row.old_value)).toBe(initial + i);
    expect(Number(row.new_value)).toBe(initial + i + 1);
  });
}, 300_000);
