import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createGuardedBudget, writeGuardedProject } from './fixture.js';

let db: TestDatabase;
let dir: string;
let server: TestServer;
let director: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  await createGuardedBudget(db);
  dir = await writeGuardedProject(db);
  const appFile = join(dir, 'apps', 'budget.yaml');
  const gates = `    gates:
      - name: entity_cap
        sql: SELECT entity_id, sum(amount) AS total FROM budget_lines GROUP BY entity_id HAVING sum(amount) > 1000000 ORDER BY entity_id
        message: An entity's budget may not exceed 1,000,000.
      - name: no_own_marker
        sql: SELECT line_id FROM budget_lines WHERE comment = :user_id
        message: A line may not carry the writer's own id as comment.
`;
  writeFileSync(appFile, readFileSync(appFile, 'utf8').replace('pages:\n', `${gates}pages:\n`));
  server = await startTestServer({ projectDir: dir });
  director = await ApiClient.login(server.url, 'director');
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const amounts = async () => (await db.admin.query('SELECT line_id, amount::text AS amount, comment FROM budget_lines ORDER BY line_id')).rows;
const counts = async () => ({
  audit: (await db.admin.query('SELECT count(*)::int AS n FROM roundtrip_audit.changesets')).rows[0].n as number,
  log: (await db.admin.query('SELECT count(*)::int AS n FROM write_log')).rows[0].n as number,
});
const set = (lineId: number, amount: string, expected: string, comment?: string) => ({
  op: 'update',
  key: { line_id: lineId },
  set: comment === undefined ? { amount } : { amount, comment },
  expect: comment === undefined ? { amount: expected } : { amount: expected, comment: null },
});

it('rolls back on PostgreSQL when gates return rows, reporting every violation of every gate', async () => {
  const before = { rows: await amounts(), counts: await counts() };
  // Lines 1 and 2 are E01, 51 is E02 (seeded at 1000 + line_id); line 4 gets the writer's id as comment.
  const refused = await director.changeset('budget', 'budget_lines', {
    changes: [set(1, '600000', '1001.00'), set(2, '600000', '1002.00'), set(51, '1200000', '1051.00'), set(4, '5', '1004.00', 'director')],
  });
  expect(refused.status, JSON.stringify(refused.body)).toBe(422);
  expect(refused.body.error.code).toBe('WB_GATE_FAILED');
  expect(refused.body.error.details.violations).toEqual([
    { gate: 'entity_cap', message: "An entity's budget may not exceed 1,000,000.", row: { entity_id: 'E01', total: expect.any(String) } },
    { gate: 'entity_cap', message: "An entity's budget may not exceed 1,000,000.", row: { entity_id: 'E02', total: expect.any(String) } },
    { gate: 'no_own_marker', message: "A line may not carry the writer's own id as comment.", row: { line_id: 4 } },
  ]);
  // Nothing written: the rows, the audit and the trigger's log are as before.
  expect(await amounts()).toEqual(before.rows);
  expect(await counts()).toEqual(before.counts);

  const allowed = await director.changeset('budget', 'budget_lines', { changes: [set(1, '600000', '1001.00')] });
  expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
  expect((await counts()).audit).toBe(before.counts.audit + 1);
});
