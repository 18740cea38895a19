import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount } from '../support/warehouse-probe.js';

let server: TestServer;
let director: ApiClient;
let partner: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  director = await ApiClient.login(server.url, 'director');
  partner = await ApiClient.login(server.url, 'partner1');
});
afterAll(() => server?.close());

const revertPath = (id: string) => `/api/apps/budget/tables/budget_lines/changesets/${id}/revert`;
const commentOf = async (lineId: number) =>
  (await server.runtime.warehouse.query('SELECT comment FROM budget_lines WHERE line_id = $1', [lineId])).rows[0]!.comment;

describe('revert', () => {
  it('restores the old values with a new audited changeset that points at the reverted one', async () => {
    const [a, b] = [await budgetAmount(server.runtime, 200), await budgetAmount(server.runtime, 201)];
    const edit = await partner.changeset('budget', 'budget_lines', {
      changes: [
        { op: 'update', key: { line_id: 200 }, set: { amount: '1', comment: 'typo' }, expect: { amount: a, comment: null } },
        { op: 'update', key: { line_id: 201 }, set: { amount: '2' }, expect: { amount: b } },
      ],
    });
    expect(edit.status).toBe(200);
    const revert = await director.request('POST', revertPath(edit.body.changesetId), { reason: 'bad paste' });
    expect(revert.status).toBe(200);
    expect(revert.body).toMatchObject({ applied: 2, reverts: edit.body.changesetId });
    expect([await budgetAmount(server.runtime, 200), await commentOf(200), await budgetAmount(server.runtime, 201)]).toEqual([a, null, b]);
    const { rows } = await server.runtime.warehouse.query('SELECT username, reason, reverts FROM roundtrip_audit.changesets WHERE changeset_id = $1', [
      revert.body.changesetId,
    ]);
    expect(rows).toEqual([{ username: 'director', reason: 'bad paste', reverts: edit.body.changesetId }]);
  });

  it('reverts a single cell and leaves the rest of the changeset', async () => {
    const amount = await budgetAmount(server.runtime, 202);
    const edit = await partner.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 202 }, set: { amount: '3', comment: 'keep me' }, expect: { amount, comment: null } }],
    });
    const revert = await partner.request('POST', revertPath(edit.body.changesetId), { key: { line_id: 202 }, column: 'amount' });
    expect(revert.status).toBe(200);
    expect([await budgetAmount(server.runtime, 202), await commentOf(202)]).toEqual([amount, 'keep me']);
  });

  it('reports a conflict and writes nothing when a cell changed again since', async () => {
    const amount = await budgetAmount(server.runtime, 203);
    const first = await partner.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 203 }, set: { amount: '10' }, expect: { amount } }],
    });
    await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 203 }, set: { amount: '20' }, expect: { amount: '10.00' } }],
    });
    const before = await auditCounts(server.runtime);
    const revert = await partner.request('POST', revertPath(first.body.changesetId), {});
    expect(revert.status).toBe(409);
    expect(revert.body.error.code).toBe('WB_CONFLICT');
    expect(revert.body.error.details.conflicts[0]).toMatchObject({ column: 'amount', expected: '10.00', actual: '20.00', changedBy: 'director' });
    expect(await budgetAmount(server.runtime, 203)).toBe('20.00');
    expect(await auditCounts(server.runtime)).toEqual(before);
  });

  it('applies permissions to reverts like any write', async () => {
    const amount = await budgetAmount(server.runtime, 3000);
    const edit = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 3000 }, set: { amount: '5' }, expect: { amount } }],
    });
    const revert = await partner.request('POST', revertPath(edit.body.changesetId), {});
    // A row the partner may not read: refused as if it did not exist, and its key is not named.
    expect(revert.status).toBe(404);
    expect(revert.body.error.code).toBe('ROW_NOT_FOUND');
    expect(JSON.stringify(revert.body.error)).not.toContain('3000');
    const viewer = await ApiClient.login(server.url, 'viewer');
    expect((await viewer.request('POST', revertPath(edit.body.changesetId), {})).body.error.code).toBe('GOV_FORBIDDEN_OPERATION');
  });

  it('reverts an insert by deleting the row and a delete by inserting it again', async () => {
    const values = { line_id: 990001, entity_id: 'E02', account_id: '6400', period: '2026-06-01', amount: '700', comment: 'trip' };
    const inserted = await director.changeset('budget', 'budget_lines', { changes: [{ op: 'insert', values }] });
    const undoInsert = await director.request('POST', revertPath(inserted.body.changesetId), {});
    expect(undoInsert.status).toBe(200);
    expect((await server.runtime.warehouse.query('SELECT count(*) AS n FROM budget_lines WHERE line_id = 990001')).rows[0]!.n).toBe('0');
    const undoDelete = await director.request('POST', revertPath(undoInsert.body.changesetId), {});
    expect(undoDelete.status).toBe(200);
    expect((await server.runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS amount, comment FROM budget_lines WHERE line_id = 990001')).rows).toEqual([
      { amount: '700.00', comment: 'trip' },
    ]);
  });

  it('refuses an unknown changeset id', async () => {
    const response = await director.request('POST', revertPath('01234567-89ab-7def-8123-456789abcdef'), {});
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('CHANGESET_NOT_FOUND');
  });
});
