import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount } from '../support/warehouse-probe.js';

let server: TestServer;
let partner: ApiClient;
let director: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  partner = await ApiClient.login(server.url, 'partner1');
  director = await ApiClient.login(server.url, 'director');
});
afterAll(() => server?.close());

const update = (lineId: number, set: Record<string, unknown>, expect: Record<string, unknown>) => ({ op: 'update', key: { line_id: lineId }, set, expect });

describe('changesets', () => {
  it('applies an update and audits old and new value in the warehouse', async () => {
    const before = await auditCounts(server.runtime);
    const response = await partner.changeset('budget', 'budget_lines', {
      changes: [update(10, { amount: '1234.5' }, { amount: await budgetAmount(server.runtime, 10) })],
      reason: 'Q3 reforecast',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ applied: 1, replayed: false, changesetId: expect.any(String) });
    expect(await budgetAmount(server.runtime, 10)).toBe('1234.50');
    const { rows } = await server.runtime.warehouse.query(
      `SELECT c.username, c.reason, c.app, c.table_name, cc.row_key, cc.column_name, cc.old_value, cc.new_value
         FROM roundtrip_audit.changesets c JOIN roundtrip_audit.cell_changes cc USING (changeset_id) WHERE c.changeset_id = $1`,
      [response.body.changesetId],
    );
    expect(rows).toEqual([
      {
        username: 'partner1',
        reason: 'Q3 reforecast',
        app: 'budget',
        table_name: 'budget_lines',
        row_key: '{"line_id":10}',
        column_name: 'amount',
        old_value: expect.any(String),
        new_value: '1234.50',
      },
    ]);
    expect(await auditCounts(server.runtime)).toEqual({ changesets: before.changesets + 1, cells: before.cells + 1 });
  });

  it('lets two people change different cells of one row, and refuses a stale edit of the same cell with who and what', async () => {
    const amount = await budgetAmount(server.runtime, 11);
    const first = await partner.changeset('budget', 'budget_lines', { changes: [update(11, { comment: 'from partner' }, { comment: null })] });
    const second = await director.changeset('budget', 'budget_lines', { changes: [update(11, { amount: '999' }, { amount })] });
    expect([first.status, second.status]).toEqual([200, 200]);
    const stale = await partner.changeset('budget', 'budget_lines', { changes: [update(11, { amount: '1000' }, { amount })] });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('WB_CONFLICT');
    expect(stale.body.error.details.conflicts).toEqual([
      { changeIndex: 0, key: { line_id: 11 }, column: 'amount', expected: amount, actual: '999.00', changedBy: 'director', changedAt: expect.any(String) },
    ]);
    expect(await budgetAmount(server.runtime, 11)).toBe('999.00');
  });

  it('applies a retried submission with the same idempotency key once', async () => {
    const amount = await budgetAmount(server.runtime, 12);
    const body = { changes: [update(12, { amount: '42' }, { amount })], idempotencyKey: 'retry-12' };
    const before = await auditCounts(server.runtime);
    const [a, b] = await Promise.all([partner.changeset('budget', 'budget_lines', body), partner.changeset('budget', 'budget_lines', body)]);
    const c = await partner.changeset('budget', 'budget_lines', body);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(new Set([a.body.changesetId, b.body.changesetId, c.body.changesetId]).size).toBe(1);
    expect(c.body.replayed).toBe(true);
    expect(await auditCounts(server.runtime)).toEqual({ changesets: before.changesets + 1, cells: before.cells + 1 });
    const reused = await partner.changeset('budget', 'budget_lines', { ...body, changes: [update(12, { amount: '43' }, { amount: '42' })] });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('WB_IDEMPOTENCY_REUSED');
  });

  it('writes no audit rows for a no-op change', async () => {
    const amount = await budgetAmount(server.runtime, 13);
    const before = await auditCounts(server.runtime);
    const response = await partner.changeset('budget', 'budget_lines', { changes: [update(13, { amount: Number(amount) }, { amount })] });
    expect(response.body).toEqual({ changesetId: null, applied: 0, replayed: false });
    expect(await auditCounts(server.runtime)).toEqual(before);
  });

  it('rejects a changeset with one invalid change among many, reporting every problem and writing nothing', async () => {
    const before = await auditCounts(server.runtime);
    const amounts = await Promise.all([20, 21, 22, 23].map((id) => budgetAmount(server.runtime, id)));
    const response = await partner.changeset('budget', 'budget_lines', {
      changes: [
        update(20, { amount: '100' }, { amount: amounts[0] }),
        update(21, { amount: '-1' }, { amount: amounts[1] }),
        update(22, { amount: '12.345', comment: 'x'.repeat(501) }, { amount: amounts[2], comment: null }),
        update(23, { amount: '2000000' }, { amount: amounts[3] }),
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('WB_VALIDATION');
    const issues = response.body.error.details.issues.map((i: { changeIndex: number; column: string }) => `${i.changeIndex}:${i.column}`).sort();
    expect(issues).toEqual(['1:amount', '2:amount', '2:comment']);
    expect(await Promise.all([20, 21, 22, 23].map((id) => budgetAmount(server.runtime, id)))).toEqual(amounts);
    expect(await auditCounts(server.runtime)).toEqual(before);
  });

  it('reports cross-field rules once the values are valid, and writes nothing', async () => {
    const amount = await budgetAmount(server.runtime, 23);
    const response = await partner.changeset('budget', 'budget_lines', { changes: [update(23, { amount: '2000000' }, { amount })] });
    expect(response.status).toBe(422);
    expect(response.body.error.details.issues).toEqual([
      {
        changeIndex: 0,
        key: { line_id: 23 },
        column: 'comment',
        rule: 'large_amount_needs_comment',
        message: 'Budget lines above 1,500,000 need a comment explaining them.',
      },
    ]);
    expect(await budgetAmount(server.runtime, 23)).toBe(amount);
    const withComment = await partner.changeset('budget', 'budget_lines', {
      changes: [update(23, { amount: '2000000', comment: 'New plant' }, { amount, comment: null })],
    });
    expect(withComment.status).toBe(200);
  });

  it('inserts and deletes rows for roles allowed to, with lookups checked and audited', async () => {
    const row = { line_id: 900001, entity_id: 'E07', account_id: '6400', period: '2026-12-01', amount: '5000', comment: 'Offsite' };
    const badLookup = await director.changeset('budget', 'budget_lines', { changes: [{ op: 'insert', values: { ...row, account_id: '9999' } }] });
    expect(badLookup.status).toBe(422);
    expect(badLookup.body.error.details.issues[0]).toMatchObject({ column: 'account_id', message: 'Unknown account.' });
    const inserted = await director.changeset('budget', 'budget_lines', { changes: [{ op: 'insert', values: row }] });
    expect(inserted.status).toBe(200);
    const history = await director.request('GET', `/api/apps/budget/tables/budget_lines/history?key=${encodeURIComponent('{"line_id":900001}')}`);
    expect(history.body.changes.map((c: { column: string; new: string }) => `${c.column}=${c.new}`).sort()).toEqual([
      'account_id=6400',
      'amount=5000.00',
      'comment=Offsite',
      'entity_id=E07',
      'line_id=900001',
      'period=2026-12-01',
    ]);
    const deleted = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'delete', key: { line_id: 900001 }, expect: { amount: '5000.00' } }],
    });
    expect(deleted.status).toBe(200);
    const { rows } = await server.runtime.warehouse.query('SELECT count(*) AS n FROM budget_lines WHERE line_id = 900001');
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
