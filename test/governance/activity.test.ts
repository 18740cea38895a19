import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await ApiClient.login(server.url, 'admin');
  const partner = await ApiClient.login(server.url, 'partner1');
  const director = await ApiClient.login(server.url, 'director');
  const update = (id: number, amount: string, expect: string) => ({
    changes: [{ op: 'update', key: { line_id: id }, set: { amount }, expect: { amount: expect } }],
  });
  for (const id of [1, 2, 3]) await partner.changeset('budget', 'budget_lines', update(id, '10', await budgetAmount(server.runtime, id)));
  const edit = await director.changeset('budget', 'budget_lines', update(4, '11', await budgetAmount(server.runtime, 4)));
  await director.request('POST', `/api/apps/budget/tables/budget_lines/changesets/${edit.body.changesetId}/revert`, {});
  await partner.changeset('budget', 'budget_lines', update(1, '12', '999.00'));
  await partner.changeset('budget', 'budget_lines', update(3000, '12', await budgetAmount(server.runtime, 3000)));
  await partner.changeset('budget', 'budget_lines', update(2, '-5', '10.00'));
});
afterAll(() => server?.close());

const count = async (sql: string) => Number((await server.runtime.warehouse.query(sql)).rows[0]!.n);

describe('activity app', () => {
  it("is open to admins only and shows each dataset's SQL to them", async () => {
    expect((await admin.request('GET', '/api/apps')).body.apps.map((a: { name: string }) => a.name)).toContain('activity');
    const partner = await ApiClient.login(server.url, 'partner1');
    expect((await partner.request('GET', '/api/apps/activity')).body.error.code).toBe('GOV_FORBIDDEN_APP');
    const app = await admin.request('GET', '/api/apps/activity');
    expect(app.body.datasets.per_day.sql).toMatch(/FROM "roundtrip_audit".changesets/);
  });

  it('reports figures equal to counts computed directly from the audit tables', async () => {
    const totals = (await admin.query('activity', 'totals')).body.rows[0];
    expect(Number(totals.changesets)).toBe(await count('SELECT count(*) AS n FROM roundtrip_audit.changesets'));
    expect(Number(totals.changesets)).toBe(5);
    expect(Number(totals.reverts)).toBe(1);
    expect(Number(totals.conflicts)).toBe(await count(`SELECT count(*) AS n FROM roundtrip_audit.rejections WHERE code = 'WB_CONFLICT'`));
    expect(Number(totals.conflicts)).toBe(1);
    expect(Number(totals.rejected)).toBe(3);
    expect(Number(totals.cells_changed)).toBe(await count('SELECT count(*) AS n FROM roundtrip_audit.cell_changes'));

    const byUser = (await admin.query('activity', 'by_user')).body.rows;
    expect(byUser.map((r: Record<string, unknown>) => [r.username, Number(r.changesets), Number(r.reverts), Number(r.rejected), Number(r.conflicts)])).toEqual([
      ['partner1', 3, 0, 3, 1],
      ['director', 2, 1, 0, 0],
    ]);
    const refusals = (await admin.query('activity', 'refusals')).body.rows.map((r: Record<string, unknown>) => [r.code, Number(r.refused)]);
    expect(refusals.sort()).toEqual([
      ['ROW_NOT_FOUND', 1],
      ['WB_CONFLICT', 1],
      ['WB_VALIDATION', 1],
    ]);
    const perDay = (await admin.query('activity', 'per_day')).body.rows;
    expect(perDay.reduce((sum: number, r: Record<string, unknown>) => sum + Number(r.changesets), 0)).toBe(5);
    const byTable = (await admin.query('activity', 'by_table')).body.rows;
    expect(byTable.map((r: Record<string, unknown>) => [r.app, r.table_name, Number(r.changesets)])).toEqual([['budget', 'budget_lines', 5]]);
  });
});
