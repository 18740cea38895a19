import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, tableFingerprint } from '../support/warehouse-probe.js';

let copy: string;
let server: TestServer;
let director: ApiClient;

// The demo (with its entity_month_cap gate) plus a second gate that binds :user_id.
beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'roundtrip-gates-'));
  cpSync(DEMO_DIR, copy, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  const appFile = join(copy, 'apps', 'budget.yaml');
  const extraGate = `      - name: no_self_blocked_lines
        sql: "SELECT line_id, comment FROM budget_lines WHERE comment = 'blocked by ' || :user_id"
        message: A line may not be blocked by the user writing it.
`;
  writeFileSync(
    appFile,
    readFileSync(appFile, 'utf8').replace("        message: An entity's budget for one month may not exceed 100,000,000 in total.\n", (m) => m + extraGate),
  );
  server = await startTestServer({ projectDir: copy });
  director = await ApiClient.login(server.url, 'director');
});
afterAll(async () => {
  await server?.close();
  rmSync(copy, { recursive: true, force: true });
});

async function linesOf(entity: string, period: string): Promise<{ line_id: number; amount: string }[]> {
  const { rows } = await server.runtime.warehouse.query(
    'SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE entity_id = $1 AND period = CAST($2 AS DATE) ORDER BY line_id LIMIT 3',
    [entity, period],
  );
  return rows.map((r) => ({ line_id: Number(r.line_id), amount: String(r.amount) }));
}

const raise = (line: { line_id: number; amount: string }, comment = 'reforecast') => ({
  op: 'update',
  key: { line_id: line.line_id },
  set: { amount: '40000000', comment },
  expect: { amount: line.amount, comment: null },
});

it('refuses a changeset that leaves any gate with rows, listing every violation of every gate, and writes nothing', async () => {
  const e01 = await linesOf('E01', '2025-03-01');
  const e02 = await linesOf('E02', '2025-03-01');
  const before = { audit: await auditCounts(server.runtime), table: await tableFingerprint(server.runtime, 'budget_lines') };
  const changes = [...e01.map((l, i) => raise(l, i === 0 ? 'blocked by director' : 'reforecast')), ...e02.map((l) => raise(l))];

  const refused = await director.changeset('budget', 'budget_lines', { changes });
  expect(refused.status, JSON.stringify(refused.body)).toBe(422);
  expect(refused.body.error.code).toBe('WB_GATE_FAILED');
  const violations = refused.body.error.details.violations as { gate: string; message: string; row: Record<string, unknown> }[];
  expect(violations.map((v) => `${v.gate}:${v.row.entity_id ?? v.row.line_id}`).sort()).toEqual(
    ['entity_month_cap:E01', 'entity_month_cap:E02', `no_self_blocked_lines:${e01[0]!.line_id}`].sort(),
  );
  expect(violations.find((v) => v.gate === 'entity_month_cap')!.message).toMatch(/100,000,000/);
  expect(await auditCounts(server.runtime)).toEqual(before.audit);
  expect(await tableFingerprint(server.runtime, 'budget_lines')).toBe(before.table);

  // The approval dry run goes through the same gates.
  const partner = await ApiClient.login(server.url, 'partner1');
  const submitted = await partner.request('POST', '/api/apps/budget/tables/budget_lines/submissions', { changes: e01.map((l) => raise(l)) });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(422);
  expect(submitted.body.error.code).toBe('WB_GATE_FAILED');

  // Within the cap (and not self-blocked), the same kind of change applies.
  const allowed = await director.changeset('budget', 'budget_lines', { changes: [raise(e01[0]!, 'blocked by someone else')] });
  expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
});
