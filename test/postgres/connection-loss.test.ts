import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createGuardedBudget, writeGuardedProject } from './fixture.js';

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

it('leaves no partial changeset when the connection is killed mid-changeset, and recovers', async () => {
  const director = await ApiClient.login(server.url, 'director');
  const auditBefore = Number((await db.admin.query('SELECT count(*) AS n FROM roundtrip_audit.changesets')).rows[0].n);
  const pending = director.changeset('budget', 'budget_lines', {
    changes: [
      { op: 'update', key: { line_id: 40 }, set: { amount: '4' }, expect: { amount: '1040' } },
      { op: 'update', key: { line_id: 41 }, set: { comment: 'hold' }, expect: { comment: null } },
    ],
  });
  // Wait until the second statement sleeps inside the trigger, then kill that backend.
  let killed = 0;
  for (let i = 0; i < 100 && killed === 0; i += 1) {
    await new Promise((r) => setTimeout(r, 50));
    const { rows } = await db.admin.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name = 'roundtrip' AND query LIKE '%UPDATE%budget_lines%' AND state = 'active'`,
      [db.database],
    );
    killed = rows.length;
  }
  expect(killed).toBe(1);
  const response = await pending;
  expect(response.status).toBe(503);
  expect(response.body.error.code).toBe('DRV_CONNECTION');
  const { rows } = await db.admin.query('SELECT line_id, amount, comment FROM budget_lines WHERE line_id IN (40, 41) ORDER BY line_id');
  expect(rows).toEqual([
    { line_id: 40, amount: '1040.00', comment: null },
    { line_id: 41, amount: '1041.00', comment: null },
  ]);
  expect(Number((await db.admin.query('SELECT count(*) AS n FROM roundtrip_audit.changesets')).rows[0].n)).toBe(auditBefore);

  const retry = await director.changeset('budget', 'budget_lines', {
    changes: [{ op: 'update', key: { line_id: 40 }, set: { amount: '4' }, expect: { amount: '1040' } }],
  });
  expect(retry.status).toBe(200);
});
