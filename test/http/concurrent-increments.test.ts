import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

const CLIENTS = 16;
const ATTEMPTS = 100;
const LINE_ID = 7;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

it(`keeps every acknowledged write of ${CLIENTS} clients × ${ATTEMPTS} read-then-write increments of one cell`, async () => {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => ApiClient.login(server.url, 'director')));
  const initial = Number(await budgetAmount(server.runtime, LINE_ID));
  const outcomes = { ok: 0, conflict: 0, other: [] as unknown[] };
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < ATTEMPTS; i += 1) {
        const read = await client.query('budget', 'budget_lines', { filters: [{ column: 'line_id', op: 'eq', value: LINE_ID }] });
        const seen = read.body.rows[0].amount as string;
        const next = (Number(seen) + 1).toFixed(2);
        const write = await client.changeset('budget', 'budget_lines', {
          changes: [{ op: 'update', key: { line_id: LINE_ID }, set: { amount: next }, expect: { amount: seen } }],
        });
        if (write.status === 200) outcomes.ok += 1;
        else if (write.status === 409 && write.body.error.code === 'WB_CONFLICT') outcomes.conflict += 1;
        else outcomes.other.push(write.body);
      }
    }),
  );
  expect(outcomes.other).toEqual([]);
  expect(outcomes.ok + outcomes.conflict).toBe(CLIENTS * ATTEMPTS);
  expect(outcomes.ok).toBeGreaterThan(0);
  expect(Number(await budgetAmount(server.runtime, LINE_ID))).toBe(initial + outcomes.ok);

  const { rows } = await server.runtime.warehouse.query(
    `SELECT CAST(old_value AS DECIMAL(18,2)) AS old_value, CAST(new_value AS DECIMAL(18,2)) AS new_value
       FROM roundtrip_audit.cell_changes WHERE row_key = '{"line_id":${LINE_ID}}' AND column_name = 'amount' ORDER BY new_value`,
  );
  expect(rows).toHaveLength(outcomes.ok);
  rows.forEach((row, i) => {
    expect(Number(row.old_value)).toBe(initial + i);
    expect(Number(row.new_value)).toBe(initial + i + 1);
  });
}, 300_000);
