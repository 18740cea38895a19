import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { openEventStream, type EventStream, type StreamEvent } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

// Demo: line 5 belongs to E01 (partner1's entities E01–E05); line 2401 to E06 (partner2's).
// Budget approvals: partner_review (finance_partner), then director (finance_director) from 25,000.
const SUBMIT = '/api/apps/budget/tables/budget_lines/submissions';
const byRequest = (id: string, action?: string) => (e: StreamEvent) =>
  e.event === 'approval' && e.data.requestId === id && (!action || e.data.action === action);

async function submit(server: TestServer, client: ApiClient, lineId: number, amount: string, reason: string) {
  const expect_ = { amount: await budgetAmount(server.runtime, lineId) };
  const response = await client.request('POST', SUBMIT, { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount }, expect: expect_ }], reason });
  expect(response.status).toBe(202);
  return { requestId: response.body.requestId as string, old: expect_.amount };
}

type Entry = Record<string, unknown> & {
  requestId: string;
  preview: { visible: boolean; row: { column: string; title: string; value: unknown }[]; changed: unknown[] };
};
async function listed(client: ApiClient, view: string, requestId: string): Promise<Entry | undefined> {
  const response = await client.request('GET', `/api/approvals?view=${view}`);
  expect(response.status).toBe(200);
  return (response.body.requests as Entry[]).find((r) => r.requestId === requestId);
}

describe.each(ENGINES)('approval list and live approval events on $name', (engine) => {
  let server: TestServer;
  let partner1: ApiClient;
  let partner2: ApiClient;
  let director: ApiClient;
  let viewer: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    const clients = await Promise.all(['partner1', 'partner2', 'director', 'viewer'].map(async (u) => (await ApiClient.login(server.url, u))!));
    [partner1, partner2, director, viewer] = clients as [ApiClient, ApiClient, ApiClient, ApiClient];
  }, 120_000);
  afterAll(() => server?.close());

  it('lists each request with titles, submitter name, waiting level and the row it touches', async () => {
    const { requestId, old } = await submit(server, partner1, 5, '31000.00', 'list fields');
    const mine = await listed(partner1, 'mine', requestId);
    expect(mine).toMatchObject({
      appTitle: 'Budget',
      tableTitle: 'Budget lines',
      submitterName: 'Finance Partner 1',
      waiting: { level: 'partner_review', title: 'Partner review', roles: ['finance_partner'] },
    });
    expect(mine!.preview.visible).toBe(true);
    expect(mine!.preview.row.map((c) => [c.column, c.title])).toEqual([
      ['entity_id', 'Entity'],
      ['account_id', 'Account'],
      ['period', 'Period'],
      ['comment', 'Comment'],
    ]);
    expect(mine!.preview.row[0]!.value).toBe('E01');
    expect(mine!.preview.changed).toEqual([{ column: 'amount', title: 'Amount', old: expect.anything(), new: expect.anything() }]);
    const [change] = mine!.preview.changed as { old: unknown; new: unknown }[];
    expect(Number(change!.old)).toBe(Number(old));
    expect(Number(change!.new)).toBe(31000);
  });

  it("does not put values of a row the approver may not read in the approver's inbox", async () => {
    const { requestId } = await submit(server, partner1, 5, '32000.00', 'not for partner2 eyes');
    const entry = await listed(partner2, 'inbox', requestId);
    expect(entry).toBeDefined();
    expect(entry!.preview).toEqual({ op: 'update', visible: false, row: [], changed: [], more: 0 });
    expect(JSON.stringify(entry)).not.toContain('E01');
    // Once partner2 approved, the director (who reads every line) sees the row in the inbox.
    expect((await partner2.request('POST', `/api/approvals/${requestId}/approve`, {})).status).toBe(200);
    const forDirector = await listed(director, 'inbox', requestId);
    expect(forDirector).toMatchObject({ waiting: { level: 'director', title: 'Director', roles: ['finance_director'] }, preview: { visible: true } });
    expect(forDirector!.preview.row[0]).toMatchObject({ column: 'entity_id', value: 'E01' });
  });

  it('describes an insert by the row it would write, and counts the further changes', async () => {
    const values = { entity_id: 'E02', account_id: '4000', period: '2026-09-01', amount: '27000.00', comment: 'new stand' };
    const response = await partner1.request('POST', SUBMIT, {
      changes: [
        { op: 'insert', values },
        { op: 'insert', values: { ...values, account_id: '6100', comment: 'second stand' } },
      ],
    });
    expect(response.status).toBe(202);
    const requestId = response.body.requestId as string;
    const mine = await listed(partner1, 'mine', requestId);
    expect(mine!.preview).toMatchObject({ op: 'insert', visible: true, more: 1, changed: [{ column: 'amount', old: null }] });
    expect(mine!.preview.row.map((c) => [c.column, c.value])).toEqual([
      ['entity_id', 'E02'],
      ['account_id', '4000'],
      ['period', expect.stringMatching(/^2026-09-01/)],
      ['comment', 'new stand'],
    ]);
    // partner2 approves at the first level but may not read E02's lines: nothing of the rows.
    const entry = await listed(partner2, 'inbox', requestId);
    expect(entry!.preview).toEqual({ op: 'insert', visible: false, row: [], changed: [], more: 1 });
    expect(JSON.stringify(entry)).not.toContain('stand');
  });

  it('sends approval events only to users who may see the request', async () => {
    const streams: Record<string, EventStream> = {};
    const names = ['partner1', 'partner2', 'director', 'viewer'] as const;
    const clients = { partner1, partner2, director, viewer };
    await Promise.all(names.map(async (n) => (streams[n] = await openEventStream(server.url, clients[n].cookie))));
    try {
      const { requestId } = await submit(server, partner1, 5, '33000.00', 'live');
      const [forPartner2, forDirector] = await Promise.all([
        streams.partner2!.waitFor(byRequest(requestId, 'submitted')),
        streams.director!.waitFor(byRequest(requestId, 'submitted')),
        streams.partner1!.waitFor(byRequest(requestId, 'submitted')),
      ]);
      expect(forPartner2.data).toEqual({ requestId, app: 'budget', table: 'budget_lines', action: 'submitted', status: 'pending', user: 'partner1' });
      expect(forDirector.data).toEqual(forPartner2.data);
      expect((await partner2.request('POST', `/api/approvals/${requestId}/approve`, {})).status).toBe(200);
      await Promise.all([streams.director!.waitFor(byRequest(requestId, 'approved')), streams.partner1!.waitFor(byRequest(requestId, 'approved'))]);
      // A later change the viewer may read reaches them after both: the approval events were withheld, not late.
      const later = await director.changeset('budget', 'budget_lines', {
        changes: [{ op: 'update', key: { line_id: 2401 }, set: { amount: '2401.00' }, expect: { amount: await budgetAmount(server.runtime, 2401) } }],
      });
      expect(later.status).toBe(200);
      await streams.viewer!.waitFor((e) => e.event === 'change' && e.data.changesetId === later.body.changesetId);
      expect(streams.viewer!.events.filter((e) => e.event === 'approval')).toEqual([]);
    } finally {
      for (const stream of Object.values(streams)) stream.close();
    }
  });

  describe('two servers on one PostgreSQL system store: submitted on B, streams open on A', () => {
    let a: TestServer;
    let b: TestServer;

    beforeAll(async () => {
      a = await startTestServer({ engine, systemStore: 'postgres' });
      b = await startTestServer({ alongside: a });
    }, 120_000);
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('relays the approval event to the approver on A and not to the viewer', async () => {
      const [partner2OnA, viewerOnA, partner1OnB, directorOnB] = await Promise.all([
        ApiClient.login(a.url, 'partner2'),
        ApiClient.login(a.url, 'viewer'),
        ApiClient.login(b.url, 'partner1'),
        ApiClient.login(b.url, 'director'),
      ]);
      const [partner2Stream, viewerStream] = await Promise.all([openEventStream(a.url, partner2OnA.cookie), openEventStream(a.url, viewerOnA.cookie)]);
      try {
        const { requestId } = await submit(b, partner1OnB, 5, '34000.00', 'across servers');
        const received = await partner2Stream.waitFor(byRequest(requestId, 'submitted'));
        expect(received.data).toMatchObject({ requestId, action: 'submitted', status: 'pending' });
        const later = await directorOnB.changeset('budget', 'budget_lines', {
          changes: [{ op: 'update', key: { line_id: 2402 }, set: { amount: '2402.00' }, expect: { amount: await budgetAmount(b.runtime, 2402) } }],
        });
        expect(later.status).toBe(200);
        await viewerStream.waitFor((e) => e.event === 'change' && e.data.changesetId === later.body.changesetId);
        expect(viewerStream.events.filter((e) => e.event === 'approval')).toEqual([]);
      } finally {
        partner2Stream.close();
        viewerStream.close();
      }
    });
  });
});
