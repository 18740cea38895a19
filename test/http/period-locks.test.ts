import { runSql, sql } from '../../src/warehouse/sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, tableFingerprint } from '../support/warehouse-probe.js';

// A closed month locks its budget lines (tables.budget_lines.locks → closed_periods): every write
// path refuses them inside the write statement, before and after the change, with one clear
// answer and nothing written; reopening the month (deleting the lock row) lets writes through.

describe.each(ENGINES)('period locks on $name', (engine) => {
  let server: TestServer;
  let partner: ApiClient;
  let director: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [partner, director] = await Promise.all([ApiClient.login(server.url, 'partner1'), ApiClient.login(server.url, 'director')]);
  }, 120_000);
  afterAll(() => server?.close());

  const line = async (entity: string, account: string, period: string) => {
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT line_id, amount FROM budget_lines WHERE entity_id = ${entity} AND account_id = ${account} AND period = CAST(${period} AS DATE)`,
    );
    return { lineId: Number(rows[0]!.line_id), amount: String(rows[0]!.amount) };
  };
  const update = (target: { lineId: number; amount: string }, amount: string) => ({
    op: 'update',
    key: { line_id: target.lineId },
    set: { amount },
    expect: { amount: target.amount },
  });
  const state = async () => ({ lines: await tableFingerprint(server.runtime, 'budget_lines'), audit: await auditCounts(server.runtime) });
  const close = (period: string) =>
    director.changeset('budget', 'closed_periods', { changes: [{ op: 'insert', values: { period, note: 'Closed for the test' } }] });
  const reopen = (period: string) => director.changeset('budget', 'closed_periods', { changes: [{ op: 'delete', key: { period }, expect: {} }] });

  it('refuses every write to a closed month with WB_LOCKED and writes nothing, then lets it through once reopened', async () => {
    const march = await line('E01', '4000', '2026-03-01');
    const april = await line('E01', '4000', '2026-04-01');
    expect((await close('2026-03-01')).status).toBe(200);

    const before = await state();
    const refused = await partner.changeset('budget', 'budget_lines', { changes: [update(april, '1000.00'), update(march, '2000.00')] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WB_LOCKED');
    expect(refused.body.error.message).toContain('The month is closed');
    expect(refused.body.error.details.rows).toEqual([{ changeIndex: 1, key: { line_id: march.lineId } }]);
    // The open month's change went with it: a changeset is all or nothing.
    expect(await state()).toEqual(before);

    // The same for a role with every column, for a delete, for an insert into the month, and for a move into it.
    const directorUpdate = await director.changeset('budget', 'budget_lines', { changes: [update(march, '3000.00')] });
    expect(directorUpdate.body.error?.code).toBe('WB_LOCKED');
    const deleted = await director.changeset('budget', 'budget_lines', { changes: [{ op: 'delete', key: { line_id: march.lineId }, expect: {} }] });
    expect(deleted.body.error?.code).toBe('WB_LOCKED');
    const inserted = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'insert', values: { line_id: 990001, entity_id: 'E01', account_id: '4000', period: '2026-03-01', amount: '10.00' } }],
    });
    expect(inserted.body.error?.code).toBe('WB_LOCKED');
    const moved = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: april.lineId }, set: { period: '2026-03-01' }, expect: { period: '2026-04-01' } }],
    });
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe('WB_LOCKED');
    expect(await state()).toEqual(before);

    // What the UI is told: the month's lines are locked, with the lock's message; the next month's are not.
    const rows = await partner.query('budget', 'budget_lines', {
      filters: [{ column: 'line_id', op: 'in', value: [march.lineId, april.lineId] }],
      sort: [{ column: 'line_id', direction: 'asc' }],
      withEditable: true,
    });
    const byLine = Object.fromEntries(rows.body.rows.map((r: { line_id: number }, i: number) => [r.line_id, [rows.body.editable[i], rows.body.locked[i]]]));
    expect(byLine[march.lineId]).toEqual([[], 'The month is closed; a director reopens it on the Plan page.']);
    expect(byLine[april.lineId]).toEqual([['amount', 'comment'], null]);

    expect((await reopen('2026-03-01')).status).toBe(200);
    const written = await partner.changeset('budget', 'budget_lines', { changes: [update(march, '2000.00')] });
    expect(written.status).toBe(200);
    expect((await line('E01', '4000', '2026-03-01')).amount).toBe('2000.00');
  });

  it('refuses to revert a change of a month closed since', async () => {
    const may = await line('E02', '4100', '2026-05-01');
    const written = await partner.changeset('budget', 'budget_lines', { changes: [update(may, '4321.00')] });
    expect(written.status).toBe(200);
    expect((await close('2026-05-01')).status).toBe(200);
    const before = await state();
    const revert = await partner.request('POST', `/api/apps/budget/tables/budget_lines/changesets/${written.body.changesetId}/revert`, {});
    expect(revert.status).toBe(409);
    expect(revert.body.error.code).toBe('WB_LOCKED');
    expect(await state()).toEqual(before);
    expect((await reopen('2026-05-01')).status).toBe(200);
  });
});
