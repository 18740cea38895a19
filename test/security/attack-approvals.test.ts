/**
 * Attack suite: approval chains, who may approve, and who may read a request
 * (see attack-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.js';
import {
  act,
  approvalPath,
  as,
  bearer,
  budgetRow,
  budgetUpdate,
  commitBudget,
  createToken,
  DEMO_TABLES,
  named,
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
          const { rows } = await servers.demo.runtime.warehouse.query('SELECT DISTINCT row_key FROM roundtrip_audit.cell_changes WHERE changeset_id = $1', [
            applied.changesetId,
          ]);
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
        status: 404,
        code: 'WF_REQUEST_NOT_FOUND',
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
});
