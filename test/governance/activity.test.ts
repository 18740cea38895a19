import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

describe.each(ENGINES)('activity app on $name', (engine) => {
  let server: TestServer;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
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
  }, 120_000);
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
      expect(
        byUser.map((r: Record<string, unknown>) => [r.username, Number(r.changesets), Number(r.reverts), Number(r.rejected), Number(r.conflicts)]),
      ).toEqual([
        ['partner1', 3, 0, 3, 1],
        ['director', 2, 1, 0, 0],
      ]);
      const refusals = (await admin.query('activity', 'refusals')).body.rows.map((r: Record<string, unknown>) => [r.code, r.reason, Number(r.refused)]);
      expect(refusals.sort()).toEqual([
        ['ROW_NOT_FOUND', 'Row missing or not visible to the user', 1],
        ['WB_CONFLICT', 'Someone changed the value first', 1],
        ['WB_VALIDATION', 'A value broke a rule', 1],
      ]);
      const refused = (await admin.query('activity', 'recent_refusals')).body.rows;
      expect(refused).toHaveLength(3);
      expect(refused.every((r: Record<string, unknown>) => r.username === 'partner1' && r.table_title === 'Budget lines')).toBe(true);
      const perDay = (await admin.query('activity', 'per_day')).body.rows;
      expect(perDay.reduce((sum: number, r: Record<string, unknown>) => sum + Number(r.changesets), 0)).toBe(5);
      const byTable = (await admin.query('activity', 'by_table')).body.rows;
      expect(byTable.map((r: Record<string, unknown>) => [r.app, r.table_title, Number(r.changesets)])).toEqual([['budget', 'Budget lines', 5]]);

      // Line 4 was changed twice (the director's edit and its revert); lines 1 to 3 once each (the other tries were refused).
      const mostEdited = (await admin.query('activity', 'most_edited')).body.rows;
      expect([mostEdited[0].table_title, mostEdited[0].record, Number(mostEdited[0].changesets)]).toEqual(['Budget lines', 'line_id 4', 2]);
      const rest = mostEdited.slice(1).map((r: Record<string, unknown>) => `${r.record}: ${Number(r.changesets)}`);
      expect(rest.sort()).toEqual(['line_id 1: 1', 'line_id 2: 1', 'line_id 3: 1']);
      const recent = (await admin.query('activity', 'recent')).body.rows;
      expect(recent[0]).toMatchObject({ username: 'director', table_title: 'Budget lines', kind: 'Revert', rows_changed: 1 });
      expect(recent.filter((r: Record<string, unknown>) => r.kind === 'Revert')).toHaveLength(1);
    });

    it('measures approval cycles: submitted, decided, waiting and hours to the decision', async () => {
      const partner = await ApiClient.login(server.url, 'partner1');
      const partner2 = await ApiClient.login(server.url, 'partner2');
      const submit = (amount: string) =>
        partner.request('POST', '/api/apps/budget/tables/budget_lines/submissions', {
          changes: [{ op: 'insert', values: { entity_id: 'E01', account_id: '6700', period: '2026-09-01', amount, comment: `activity ${amount}` } }],
        });
      const first = await submit('900.00');
      expect(first.status).toBe(202);
      expect((await partner2.request('POST', `/api/approvals/${first.body.requestId}/approve`, {})).body.status).toBe('applied');
      expect((await submit('800.00')).status).toBe(202);

      const [cycles] = (await admin.query('activity', 'approval_cycles')).body.rows;
      expect([cycles.app, cycles.table_title, Number(cycles.submitted), Number(cycles.decided), Number(cycles.waiting)]).toEqual([
        'budget',
        'Budget lines',
        2,
        1,
        1,
      ]);
      expect(Number(cycles.average_hours)).toBeGreaterThanOrEqual(0);
      expect(Number(cycles.average_hours)).toBeLessThan(1);
      const days = (await admin.query('activity', 'approval_days')).body.rows;
      expect(days.map((d: Record<string, unknown>) => Number(d.decided))).toEqual([1]);
      const totals = (await admin.query('activity', 'totals')).body.rows[0];
      expect(Number(totals.pending_approvals)).toBe(1);
      expect(totals.approval_hours).not.toBeNull();
    });
  });
});
