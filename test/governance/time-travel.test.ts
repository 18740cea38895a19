import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let director: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  director = await ApiClient.login(server.url, 'director');
});
afterAll(() => server?.close());

const tick = () => new Promise((resolve) => setTimeout(resolve, 15));
const rowsOf = async (client: ApiClient, asOf: string, lineIds: number[]) => {
  const response = await client.query('budget', 'budget_lines', {
    asOf,
    filters: [{ column: 'line_id', op: 'in', value: lineIds }],
    sort: [{ column: 'line_id', direction: 'asc' }],
  });
  expect(response.status).toBe(200);
  return response.body.rows.map((r: { line_id: number; amount: string; comment: string | null }) => ({
    line_id: r.line_id,
    amount: r.amount,
    comment: r.comment,
  }));
};

describe('time travel', () => {
  it('reads a table as of any time between a series of edits, exactly as it was then', async () => {
    const ids = [300, 301, 302, 990002];
    const snapshots: { at: string; rows: unknown[] }[] = [];
    const record = async () => {
      await tick();
      const at = new Date().toISOString();
      await tick();
      snapshots.push({ at, rows: await rowsOf(director, new Date().toISOString(), ids) });
    };
    await record();
    const current = async (id: number) => (await rowsOf(director, new Date().toISOString(), [id]))[0] as { amount: string; comment: string | null };
    const steps = [
      { changes: [{ op: 'update', key: { line_id: 300 }, set: { amount: '111' }, expect: { amount: (await current(300)).amount } }] },
      {
        changes: [
          { op: 'update', key: { line_id: 300 }, set: { comment: 'second' }, expect: { comment: null } },
          { op: 'update', key: { line_id: 301 }, set: { amount: '222' }, expect: { amount: (await current(301)).amount } },
        ],
      },
      { changes: [{ op: 'insert', values: { line_id: 990002, entity_id: 'E01', account_id: '4000', period: '2026-01-01', amount: '5', comment: 'new' } }] },
      { changes: [{ op: 'delete', key: { line_id: 302 }, expect: { amount: (await current(302)).amount } }] },
      { changes: [{ op: 'update', key: { line_id: 300 }, set: { amount: '333' }, expect: { amount: '111.00' } }] },
    ];
    for (const step of steps) {
      const response = await director.changeset('budget', 'budget_lines', step);
      expect(response.status).toBe(200);
      await record();
    }
    for (const snapshot of snapshots) expect(await rowsOf(director, snapshot.at, ids)).toEqual(snapshot.rows);
    expect(snapshots[0]!.rows).toHaveLength(3);
    expect(snapshots.at(-1)!.rows).toHaveLength(3);
  });

  it('applies the read policy to the past too', async () => {
    const partner = await ApiClient.login(server.url, 'partner1');
    const past = await partner.query('budget', 'budget_lines', { asOf: '2020-01-01T00:00:00Z', withTotal: true, limit: 1 });
    expect(past.body.total).toBe(2400);
  });

  it('refuses asOf on SQL datasets', async () => {
    const response = await director.query('budget', 'totals', { asOf: new Date().toISOString() });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('QRY_INVALID_PARAM');
  });

  it('shows the net difference of a table between two times', async () => {
    const from = new Date().toISOString();
    await tick();
    const amount = (await rowsOf(director, new Date().toISOString(), [400]))[0].amount;
    await director.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: 400 }, set: { amount: '1' }, expect: { amount } }] });
    await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 400 }, set: { amount: '2' }, expect: { amount: '1.00' } }],
    });
    const diff = await director.request('GET', `/api/apps/budget/tables/budget_lines/diff?from=${encodeURIComponent(from)}`);
    expect(diff.status).toBe(200);
    expect(diff.body.rows).toEqual([{ key: { line_id: 400 }, op: 'update', cells: [{ column: 'amount', from: amount, to: '2.00' }], changedBy: ['director'] }]);
    const partner = await ApiClient.login(server.url, 'partner1');
    expect((await partner.request('GET', `/api/apps/budget/tables/budget_lines/diff?from=${encodeURIComponent(from)}`)).status).toBe(403);
  });
});
