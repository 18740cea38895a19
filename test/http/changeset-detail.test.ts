import { runSql, sql } from '../../src/warehouse/sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// GET /api/changesets/:id: one changeset as a person reviews it (the activity app links here). Rows
// are listed only when the viewer may read them, before and after the change; a changeset with none
// is "not found", exactly like an unknown id.

describe.each(ENGINES)('changeset detail on $name', (engine) => {
  let server: TestServer;
  let admin: ApiClient;
  let director: ApiClient;
  let partner1: ApiClient;
  let partner2: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [admin, director, partner1, partner2] = await Promise.all([
      ApiClient.login(server.url, 'admin'),
      ApiClient.login(server.url, 'director'),
      ApiClient.login(server.url, 'partner1'),
      ApiClient.login(server.url, 'partner2'),
    ]);
  }, 120_000);
  afterAll(() => server?.close());

  const line = async (entity: string, period: string) => {
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT line_id, amount FROM budget_lines WHERE entity_id = ${entity} AND account_id = '4000' AND period = CAST(${period} AS DATE)`,
    );
    return { lineId: Number(rows[0]!.line_id), amount: String(rows[0]!.amount) };
  };
  const update = (target: { lineId: number; amount: string }, set: Record<string, string>, expect: Record<string, string> = { amount: target.amount }) => ({
    op: 'update',
    key: { line_id: target.lineId },
    set,
    expect,
  });
  const detail = (client: ApiClient, id: string) => client.request('GET', `/api/changesets/${id}`);

  it('lists who, when, why and old → new per row, and the rows a partner may not read are only counted', async () => {
    const [e01, e06] = [await line('E01', '2026-05-01'), await line('E06', '2026-05-01')];
    const written = await director.changeset('budget', 'budget_lines', {
      reason: 'Q3 reforecast',
      changes: [update(e01, { amount: '1111.00' }), update(e06, { amount: '6666.00' })],
    });
    expect(written.status).toBe(200);
    const id = written.body.changesetId as string;

    const full = await detail(director, id);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      changesetId: id,
      app: 'budget',
      appTitle: 'Budget',
      table: 'budget_lines',
      user: 'director',
      reason: 'Q3 reforecast',
      reverts: null,
      revertedBy: [],
      counts: { inserted: 0, updated: 2, deleted: 0 },
      hiddenRows: 0,
      canRevert: true,
    });
    expect(full.body.rows).toEqual([
      { key: { line_id: e01.lineId }, op: 'update', cells: [{ column: 'amount', from: e01.amount, to: '1111.00' }] },
      { key: { line_id: e06.lineId }, op: 'update', cells: [{ column: 'amount', from: e06.amount, to: '6666.00' }] },
    ]);
    expect(Date.parse(full.body.committedAt)).toBeGreaterThan(Date.now() - 60_000);

    const mine = await detail(partner1, id);
    expect(mine.status).toBe(200);
    expect(mine.body.rows.map((r: { key: unknown }) => r.key)).toEqual([{ line_id: e01.lineId }]);
    expect(mine.body.hiddenRows).toBe(1);
    expect(mine.body.canRevert).toBe(false);
    expect(JSON.stringify(mine.body)).not.toContain('6666.00');
    expect((await detail(partner2, id)).body.rows.map((r: { key: unknown }) => r.key)).toEqual([{ line_id: e06.lineId }]);
  });

  it('answers an unknown id and a changeset of only foreign rows alike, and admins still see the header', async () => {
    const e07 = await line('E07', '2026-06-01');
    const foreign = await director.changeset('budget', 'budget_lines', { changes: [update(e07, { amount: '7777.00' })] });
    const id = foreign.body.changesetId as string;

    const refused = await detail(partner1, id);
    const unknown = await detail(partner1, '00000000-0000-4000-8000-000000000000');
    expect([refused.status, unknown.status]).toEqual([404, 404]);
    expect(refused.body.error.code).toBe('CHANGESET_NOT_FOUND');
    expect(unknown.body.error.code).toBe('CHANGESET_NOT_FOUND');
    expect(refused.body.error.message.replace(id, 'ID')).toBe(unknown.body.error.message.replace('00000000-0000-4000-8000-000000000000', 'ID'));
    expect((await detail(admin, id)).body.rows).toHaveLength(1);
    expect((await partner1.request('GET', '/api/changesets/not-an-id')).body.error.code).toBe('REQ_INVALID');
  });

  it("hides a move into the partner's rows: the row's earlier entity stays private", async () => {
    const e08 = await line('E08', '2026-07-01');
    const moved = await director.changeset('budget', 'budget_lines', {
      changes: [update(e08, { entity_id: 'E02' }, { entity_id: 'E08' })],
    });
    expect(moved.status).toBe(200);
    // partner1 reads the row now (E02) but not as it was before the change (E08).
    expect((await detail(partner1, moved.body.changesetId)).status).toBe(404);
    expect((await detail(partner2, moved.body.changesetId)).status).toBe(404);
    expect((await detail(director, moved.body.changesetId)).body.rows[0].cells).toEqual([{ column: 'entity_id', from: 'E08', to: 'E02' }]);
  });

  it('links a changeset and its revert both ways', async () => {
    const e03 = await line('E03', '2026-08-01');
    const written = await director.changeset('budget', 'budget_lines', { changes: [update(e03, { amount: '3333.00' })] });
    const revert = await director.request('POST', `/api/apps/budget/tables/budget_lines/changesets/${written.body.changesetId}/revert`, { reason: 'typo' });
    expect(revert.status).toBe(200);
    expect((await detail(director, written.body.changesetId)).body.revertedBy).toEqual([revert.body.changesetId]);
    const back = await detail(partner1, revert.body.changesetId);
    // partner1 may change E03's amount, so they may revert the revert.
    expect(back.body).toMatchObject({ reverts: written.body.changesetId, reason: 'typo', canRevert: true });
    expect(back.body.rows[0].cells).toEqual([{ column: 'amount', from: '3333.00', to: e03.amount }]);
  });
});
