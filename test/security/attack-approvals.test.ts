import { runSql, sql } from '../../src/warehouse/sql.js';
/**
 * Attack suite: approval chains, who may approve, and who may read a request
 * (see attack-support.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import {
  act,
  approvalPath,
  as,
  bearer,
  budgetRow,
  budgetUpdate,
  CHANGESETS,
  commit,
  commitBudget,
  createToken,
  DEMO_TABLES,
  named,
  type Read,
  type Refusal,
  revertPath,
  runRead,
  runRefusal,
  servers,
  SUBMISSIONS,
  submitBudget,
  TOMORROW,
  useAttackServers,
} from './attack-support.js';

/** A request the user may not view looks exactly like one that does not exist. */
const NO_SUCH_REQUEST = { status: 404, code: 'WF_REQUEST_NOT_FOUND' } as const;
const UNKNOWN_REQUEST = '01890000-0000-7000-8000-000000000000';
const withoutId = (body: unknown, requestId: string) => JSON.parse(JSON.stringify(body).replaceAll(requestId, '<request>'));
const unknownRequest = async () => withoutId((await as.viewer.request('GET', `/api/approvals/${UNKNOWN_REQUEST}`)).body, UNKNOWN_REQUEST);

/** A request's detail, as `client` gets it. */
const detail = (client: ApiClient, requestId: string) => client.request('GET', `/api/approvals/${requestId}`);
const diffOf = (b: any) =>
  b.changes[0] as { visible: boolean; rowExists: boolean | null; cells: { column: string; current: unknown; changedSince: unknown }[] };
/** A change whose row the viewer may not read now: no current value, no hint of one. */
const expectNotVisible = (b: any) => {
  expect(diffOf(b)).toMatchObject({ visible: false, rowExists: null });
  for (const cell of diffOf(b).cells) expect(cell).toMatchObject({ current: null, changedSince: null });
};

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine);

  describe('approval chains: staged writes and who may approve them', () => {
    const REFUSED: Refusal[] = [
      {
        name: 'a direct changeset holding the idempotency key an approved request is applied under',
        prepare: () => submitBudget(as.partner1, 40, '30000.00'),
        attack: async (requestId: string) =>
          as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(41, { amount: '1.00' })], idempotencyKey: `approval:${requestId}` }),
        status: 400,
        code: 'REQ_INVALID',
        verify: async (_r, requestId: string) => {
          await act(as.partner2, requestId, 'approve');
          const applied = await act(as.director, requestId, 'approve');
          expect(applied.status).toBe('applied');
          expect((await budgetRow(40)).amount).toBe('30000.00');
          const { rows } = await runSql(
            servers.demo.runtime.warehouse,
            sql`SELECT DISTINCT row_key FROM roundtrip_audit.cell_changes WHERE changeset_id = ${applied.changesetId}`,
          );
          expect(rows).toEqual([{ row_key: '{"line_id":40}' }]);
        },
      },
      {
        name: 'a revert holding the idempotency key an approved request is applied under',
        prepare: async () => ({
          requestId: await submitBudget(as.partner1, 42, '20000.00'),
          changesetId: await commitBudget(as.partner1, await budgetUpdate(43, { comment: 'to revert' })),
        }),
        attack: ({ requestId, changesetId }: { requestId: string; changesetId: string }) =>
          as.partner1.request('POST', revertPath(changesetId), { idempotencyKey: `approval:${requestId}` }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a submission for an E06 line',
        attack: async () => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(2440, { amount: '10.00' })] }),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'a submission moving an own line to E06',
        attack: async () => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(44, { entity_id: 'E06' })] }),
        status: 403,
        code: 'GOV_FORBIDDEN_COLUMN',
      },
      {
        name: 'a submission naming its submitter',
        attack: async () => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(45, { amount: '45.00' })], submittedBy: 'director' }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'the submitter approving their own request',
        prepare: () => submitBudget(as.partner1, 46, '1000.00'),
        attack: (id: string) => as.partner1.request('POST', approvalPath(id, 'approve'), {}),
        status: 403,
        code: 'WF_SELF_APPROVAL',
      },
      {
        name: "the submitter approving the director's level as the director's delegate",
        prepare: async () => {
          expect((await as.director.request('PUT', '/api/approvals/delegation', { delegate: 'partner1', until: TOMORROW() })).status).toBe(200);
          const id = await submitBudget(as.partner1, 47, '30000.00');
          await act(as.partner2, id, 'approve');
          return id;
        },
        attack: (id: string) => as.partner1.request('POST', approvalPath(id, 'approve'), { comment: 'as the director' }),
        status: 403,
        code: 'WF_SELF_APPROVAL',
        verify: async () => expect((await as.director.request('DELETE', '/api/approvals/delegation')).status).toBe(200),
      },
      {
        name: 'an approval claiming to act for the director',
        prepare: () => submitBudget(as.partner1, 48, '1000.00'),
        attack: (id: string) => as.partner2.request('POST', approvalPath(id, 'approve'), { onBehalfOf: 'director' }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a viewer approving',
        prepare: () => submitBudget(as.partner1, 49, '1000.00'),
        attack: (id: string) => as.viewer.request('POST', approvalPath(id, 'approve'), {}),
        status: 403,
        code: 'WF_NOT_APPROVER',
      },
      {
        name: "a viewer reading a request's detail",
        prepare: () => submitBudget(as.partner1, 50, '1000.00'),
        attack: (id: string) => as.viewer.request('GET', `/api/approvals/${id}`),
        ...NO_SUCH_REQUEST,
        verify: async (r, id: string) => expect(withoutId(r.body, id)).toEqual(await unknownRequest()),
      },
      {
        name: 'a past reviewer reading a request after their level, with the live amount of a line they may not read',
        prepare: async () => {
          const id = await submitBudget(as.partner1, 70, '30000.00');
          await act(as.partner2, id, 'approve');
          await commitBudget(as.director, await budgetUpdate(70, { comment: 'zq-after-review' }));
          return id;
        },
        attack: (id: string) => as.partner2.request('GET', `/api/approvals/${id}`),
        ...NO_SUCH_REQUEST,
        verify: async (r, id: string) => expect(withoutId(r.body, id)).toEqual(await unknownRequest()),
      },
      {
        name: "another partner withdrawing partner1's request",
        prepare: () => submitBudget(as.partner1, 51, '1000.00'),
        attack: (id: string) => as.partner2.request('POST', approvalPath(id, 'withdraw'), {}),
        status: 403,
        code: 'WF_NOT_SUBMITTER',
      },
      {
        name: "resubmitting partner2's rejected request as one's own",
        prepare: async () => {
          const id = await submitBudget(as.partner2, 2950, '2950.00');
          await act(as.partner1, id, 'reject', { reason: 'no' });
          return id;
        },
        attack: async (id: string) => as.partner1.request('POST', SUBMISSIONS, { changes: [await budgetUpdate(52, { amount: '52.00' })], resubmits: id }),
        status: 403,
        code: 'WF_NOT_SUBMITTER',
      },
      {
        name: 'a read token approving',
        prepare: async () => ({
          id: await submitBudget(as.partner1, 53, '1000.00'),
          secret: (await createToken(servers.demo, as.partner2, { name: 'inbox reader', apps: ['*'], access: 'read' })).secret,
        }),
        attack: ({ id, secret }: { id: string; secret: string }) => bearer(servers.demo, secret, 'POST', approvalPath(id, 'approve'), {}),
        status: 403,
        code: 'AUTH_TOKEN_SCOPE',
      },
      {
        name: 'a write token setting a delegation',
        prepare: async () => (await createToken(servers.demo, as.partner2, { name: 'automation', apps: ['*'], access: 'write' })).secret,
        attack: (secret: string) => bearer(servers.demo, secret, 'PUT', '/api/approvals/delegation', { delegate: 'partner3', until: TOMORROW() }),
        status: 403,
        code: 'AUTH_TOKEN_SCOPE',
      },
      {
        name: 'a delegation to oneself',
        attack: () => as.partner1.request('PUT', '/api/approvals/delegation', { delegate: 'partner1', until: TOMORROW() }),
        status: 400,
        code: 'REQ_INVALID',
      },
    ];

    it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    it('refuses the submitter bulk-approving their own request, per request, and changes nothing', () =>
      runRead(servers.demo, DEMO_TABLES, {
        name: 'bulk self-approval',
        prepare: () => submitBudget(as.partner1, 60, '1000.00'),
        attack: (id: string) => as.partner1.request('POST', '/api/approvals/bulk-approve', { ids: [id, id] }),
        check: (b, id: string) => expect(b.results).toEqual([{ requestId: id, ok: false, error: expect.objectContaining({ code: 'WF_SELF_APPROVAL' }) }]),
      }));
  });
  describe("a request's current values pass the viewer's read policy", () => {
    const READS: Read[] = [
      {
        name: "a partner's pending insert after the director inserted another entity's line at the same key",
        prepare: async () => {
          const line = { line_id: 900600, account_id: '4000', period: '2026-01-01' };
          const submitted = await as.partner1.request('POST', SUBMISSIONS, {
            changes: [{ op: 'insert', values: { ...line, entity_id: 'E01', amount: '600.00' } }],
          });
          expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
          await commit(as.director, CHANGESETS, {
            changes: [{ op: 'insert', values: { ...line, entity_id: 'E06', amount: '777.77', comment: 'zq-confidential-e06' } }],
          });
          return submitted.body.requestId as string;
        },
        attack: (id: string) => detail(as.partner1, id),
        check: (b) => {
          for (const secret of ['zq-confidential-e06', '777.77', 'E06']) expect(JSON.stringify(b)).not.toContain(secret);
          expectNotVisible(b);
          expect(b.totals.current).toBeNull();
        },
      },
      {
        name: 'a pending request after an admin moved its line to another entity and changed the amount',
        prepare: async () => {
          const id = await submitBudget(as.partner1, 71, '7100.00');
          await commitBudget(as.admin, await budgetUpdate(71, { entity_id: 'E06', amount: '4321.00' }));
          return id;
        },
        attack: (id: string) => detail(as.partner1, id),
        check: (b) => {
          expect(JSON.stringify(b)).not.toContain('4321');
          expectNotVisible(b);
          expect(b.totals).toMatchObject({ after: 7100, current: null });
        },
      },
      {
        name: 'an approver of the waiting level reading the live amount of a line of an entity they may not read',
        prepare: async () => {
          const id = await submitBudget(as.partner1, 72, '7200.00');
          await commitBudget(as.director, await budgetUpdate(72, { amount: '7777.00' }));
          return id;
        },
        attack: (id: string) => detail(as.partner2, id),
        check: (b) => {
          expect(JSON.stringify(b)).not.toContain('7777');
          expectNotVisible(b);
          expect(b.actions).toMatchObject({ approve: true, reject: true });
        },
      },
      {
        name: 'control: the submitter still sees the live value of a line they may read',
        prepare: async () => {
          const id = await submitBudget(as.partner1, 74, '7400.00');
          await commitBudget(as.director, await budgetUpdate(74, { amount: '7474.00' }));
          return id;
        },
        attack: (id: string) => detail(as.partner1, id),
        check: (b) => {
          expect(diffOf(b)).toMatchObject({ visible: true, rowExists: true });
          expect(diffOf(b).cells).toEqual([expect.objectContaining({ column: 'amount', current: '7474.00', changedSince: true })]);
        },
      },
      {
        name: 'control: the inbox lists only requests its reader may open',
        prepare: async () => {
          const reviewed = await submitBudget(as.partner1, 75, '30000.00');
          await act(as.partner2, reviewed, 'approve');
          return reviewed;
        },
        attack: () => as.partner2.request('GET', '/api/approvals?view=inbox&limit=1000'),
        check: async (b, reviewed: string) => {
          const ids = b.requests.map((r: { requestId: string }) => r.requestId);
          expect(ids).not.toContain(reviewed);
          for (const id of ids) expect((await detail(as.partner2, id)).status).toBe(200);
        },
      },
    ];

    it.each(named(READS))('%s', (_name, c) => runRead(servers.demo, DEMO_TABLES, c));
  });
});
