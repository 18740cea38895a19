import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowContext, sweepApprovals } from '../../src/workflows/index.js';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount, tableFingerprint } from '../support/warehouse-probe.js';

let server: TestServer;
let partner1: ApiClient;
let partner2: ApiClient;
let partner3: ApiClient;
let partner4: ApiClient;
let director: ApiClient;
let cfo: ApiClient;
let admin: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await Promise.all([
    ApiClient.login(server.url, 'partner1').then((c) => (partner1 = c)),
    ApiClient.login(server.url, 'partner2').then((c) => (partner2 = c)),
    ApiClient.login(server.url, 'partner3').then((c) => (partner3 = c)),
    ApiClient.login(server.url, 'partner4').then((c) => (partner4 = c)),
    ApiClient.login(server.url, 'director').then((c) => (director = c)),
    ApiClient.login(server.url, 'cfo').then((c) => (cfo = c)),
    ApiClient.login(server.url, 'admin').then((c) => (admin = c)),
    ApiClient.login(server.url, 'viewer').then((c) => (viewer = c)),
  ]);
});
afterAll(() => server?.close());

// partner1 looks after E01–E05 (budget lines 1–2400), partner2 E06–E10 (2401–4800). Each test takes its own lines.
let nextLine = 1000;
let nextPartner2Line = 3000;
const freshLine = (client?: ApiClient) => (client === partner2 ? (nextPartner2Line += 1) : (nextLine += 1));

const setAmount = async (lineId: number, amount: string) => ({
  op: 'update',
  key: { line_id: lineId },
  set: { amount },
  expect: { amount: await budgetAmount(server.runtime, lineId) },
});
const submit = (client: ApiClient, body: unknown) => client.request('POST', '/api/apps/budget/tables/budget_lines/submissions', body);
const approve = (client: ApiClient, id: string, comment?: string) =>
  client.request('POST', `/api/approvals/${id}/approve`, comment === undefined ? undefined : { comment });
const reject = (client: ApiClient, id: string, reason?: string) =>
  client.request('POST', `/api/approvals/${id}/reject`, reason === undefined ? {} : { reason });

async function submitAmount(amount: string, client = partner1): Promise<{ id: string; lineId: number; before: string; body: any }> {
  const lineId = freshLine(client);
  const before = await budgetAmount(server.runtime, lineId);
  const response = await submit(client, { changes: [await setAmount(lineId, amount)], reason: `plan ${amount}` });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return { id: response.body.requestId, lineId, before, body: response.body };
}

async function stepsOf(
  id: string,
): Promise<{ seq: number; action: string; level: string | null; actor: string; on_behalf_of: string | null; comment: string | null }[]> {
  const { rows } = await server.runtime.warehouse.query(
    'SELECT seq, action, level, actor, on_behalf_of, comment FROM roundtrip_audit.approval_steps WHERE request_id = $1 ORDER BY seq',
    [id],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) })) as never;
}

async function requestRow(id: string) {
  const { rows } = await server.runtime.warehouse.query(
    'SELECT status, amount, route, current_level, changeset_id, resubmits, submitted_by, reason FROM roundtrip_audit.approval_requests WHERE request_id = $1',
    [id],
  );
  return rows[0]!;
}

describe('submitting', () => {
  it('routes 10k, 60k and 250k submissions to 1, 2 and 3 levels and writes nothing yet', async () => {
    const audit = await auditCounts(server.runtime);
    const small = await submitAmount('10000');
    const medium = await submitAmount('60000');
    const large = await submitAmount('250000');
    expect(small.body).toMatchObject({ status: 'pending', route: ['partner_review'], amount: 10000, currentLevel: 'partner_review', submittedBy: 'partner1' });
    expect(medium.body).toMatchObject({ status: 'pending', route: ['partner_review', 'director'], amount: 60000 });
    expect(large.body).toMatchObject({ status: 'pending', route: ['partner_review', 'director', 'cfo'], amount: 250000 });
    for (const s of [small, medium, large]) expect(await budgetAmount(server.runtime, s.lineId)).toBe(s.before);
    expect(await auditCounts(server.runtime)).toEqual(audit);
    expect(await stepsOf(small.id)).toEqual([{ seq: 1, action: 'submit', level: null, actor: 'partner1', on_behalf_of: null, comment: 'plan 10000' }]);
    expect(await requestRow(large.id)).toMatchObject({ status: 'pending', amount: 250000, current_level: 0, submitted_by: 'partner1', reason: 'plan 250000' });
  });

  it('refuses at submission what a write would refuse, and stores nothing', async () => {
    const before = await tableFingerprint(server.runtime, 'budget_lines');
    const { rows } = await server.runtime.warehouse.query('SELECT count(*) AS n FROM roundtrip_audit.approval_requests');
    const lineId = freshLine();
    const current = await budgetAmount(server.runtime, lineId);
    const invalid = await submit(partner1, { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '-5' }, expect: { amount: current } }] });
    expect([invalid.status, invalid.body.error.code]).toEqual([422, 'WB_VALIDATION']);
    const stale = await submit(partner1, { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '5' }, expect: { amount: '1.00' } }] });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'WB_CONFLICT']);
    const foreign = await submit(partner1, {
      changes: [{ op: 'update', key: { line_id: 5000 }, set: { amount: '5' }, expect: { amount: await budgetAmount(server.runtime, 5000) } }],
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'ROW_NOT_FOUND']);
    // The cross-field rule runs on the row the statement would write (rolled back).
    const uncommented = await submit(partner1, {
      changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '2000000' }, expect: { amount: current } }],
    });
    expect(uncommented.body.error.details.issues[0].rule).toBe('large_amount_needs_comment');
    const noChain = await partner1.request('POST', '/api/apps/budget/tables/account_pl_map/submissions', {
      changes: [{ op: 'update', key: { account_id: '4000' }, set: { pl_line_id: 'REV' }, expect: { pl_line_id: 'REV' } }],
    });
    expect([noChain.status, noChain.body.error.code]).toEqual([400, 'WF_NO_APPROVAL_CHAIN']);
    const noop = await submit(partner1, { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: current }, expect: { amount: current } }] });
    expect([noop.status, noop.body.error.code]).toEqual([400, 'REQ_INVALID']);
    expect(await tableFingerprint(server.runtime, 'budget_lines')).toBe(before);
    const after = await server.runtime.warehouse.query('SELECT count(*) AS n FROM roundtrip_audit.approval_requests');
    expect(after.rows[0]!.n).toBe(rows[0]!.n);
  });

  it('keeps direct grid edits direct (required: false)', async () => {
    const lineId = freshLine();
    const response = await partner1.changeset('budget', 'budget_lines', { changes: [await setAmount(lineId, '777')] });
    expect(response.status).toBe(200);
    expect(await budgetAmount(server.runtime, lineId)).toBe('777.00');
  });
});

describe('approval-only write policies', () => {
  const newLine = (lineId: number, entity: string) => ({
    op: 'insert',
    values: { line_id: lineId, entity_id: entity, account_id: '6400', period: '2026-02-01', amount: '5000', comment: 'form' },
  });

  it('lets a finance partner add a line of their entities only by submitting it, and applies it once approved', async () => {
    const direct = await partner1.changeset('budget', 'budget_lines', { changes: [newLine(960001, 'E01')] });
    expect([direct.status, direct.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_OPERATION']);
    const foreign = await submit(partner1, { changes: [newLine(960002, 'E06')] });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_ROW']);

    const submitted = await submit(partner1, { changes: [newLine(960003, 'E01')] });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'pending', route: ['partner_review'], amount: 5000 });
    const applied = await approve(partner2, submitted.body.requestId);
    expect(applied.body).toMatchObject({ status: 'applied' });
    const { rows } = await server.runtime.warehouse.query('SELECT entity_id, amount FROM budget_lines WHERE line_id = 960003');
    expect(rows).toEqual([{ entity_id: 'E01', amount: expect.stringMatching(/^5000(\.00)?$/) }]);
  });

  it('tells the UI who may submit inserts', async () => {
    const tables = (client: ApiClient) => client.request('GET', '/api/apps/budget').then((r) => r.body.tables.budget_lines);
    expect(await tables(partner1)).toMatchObject({ approvals: true, canInsert: false, canSubmitInsert: true });
    expect(await tables(viewer)).toMatchObject({ approvals: true, canInsert: false, canSubmitInsert: false });
    expect(await tables(director)).toMatchObject({ approvals: true, canInsert: true, canSubmitInsert: true });
  });
});

describe('approving', () => {
  it('applies a 10k submission after its one approval, as the submitter, audited with the approvers', async () => {
    const { id, lineId } = await submitAmount('10000');
    const response = await approve(partner2, id, 'fine by me');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'applied', currentLevel: null, changesetId: expect.any(String) });
    expect(await budgetAmount(server.runtime, lineId)).toBe('10000.00');
    const { rows } = await server.runtime.warehouse.query(
      `SELECT c.username, c.reason, c.idempotency_key, cc.old_value, cc.new_value FROM roundtrip_audit.changesets c
         JOIN roundtrip_audit.cell_changes cc USING (changeset_id) WHERE c.changeset_id = $1`,
      [response.body.changesetId],
    );
    expect(rows).toEqual([
      {
        username: 'partner1',
        reason: 'Approved: partner_review by partner2. plan 10000',
        idempotency_key: `approval:${id}`,
        old_value: expect.any(String),
        new_value: '10000.00',
      },
    ]);
    expect((await stepsOf(id)).map((s) => `${s.action}:${s.level ?? ''}:${s.actor}`)).toEqual([
      'submit::partner1',
      'approve:partner_review:partner2',
      'apply::partner2',
    ]);
    expect(await requestRow(id)).toMatchObject({ status: 'applied', changeset_id: response.body.changesetId, current_level: 1 });
  });

  it('applies a 60k submission only after the director approves too', async () => {
    const { id, lineId, before } = await submitAmount('60000');
    const first = await approve(partner2, id);
    expect(first.body).toMatchObject({ status: 'pending', currentLevel: 'director' });
    expect(await budgetAmount(server.runtime, lineId)).toBe(before);
    const notYours = await approve(cfo, id);
    expect([notYours.status, notYours.body.error.code]).toEqual([403, 'WF_NOT_APPROVER']);
    const second = await approve(director, id);
    expect(second.body).toMatchObject({ status: 'applied' });
    expect(await budgetAmount(server.runtime, lineId)).toBe('60000.00');
  });

  it('applies a 250k submission only after partner, director and CFO, and records every step', async () => {
    const { id, lineId, before } = await submitAmount('250000');
    expect((await approve(partner3, id)).body.currentLevel).toBe('director');
    expect((await approve(director, id)).body.currentLevel).toBe('cfo');
    expect(await budgetAmount(server.runtime, lineId)).toBe(before);
    const last = await approve(cfo, id, 'ok for the board');
    expect(last.body.status).toBe('applied');
    expect(await budgetAmount(server.runtime, lineId)).toBe('250000.00');
    expect(await stepsOf(id)).toEqual([
      { seq: 1, action: 'submit', level: null, actor: 'partner1', on_behalf_of: null, comment: 'plan 250000' },
      { seq: 2, action: 'approve', level: 'partner_review', actor: 'partner3', on_behalf_of: null, comment: null },
      { seq: 3, action: 'approve', level: 'director', actor: 'director', on_behalf_of: null, comment: null },
      { seq: 4, action: 'approve', level: 'cfo', actor: 'cfo', on_behalf_of: null, comment: 'ok for the board' },
      { seq: 5, action: 'apply', level: null, actor: 'cfo', on_behalf_of: null, comment: `changeset ${last.body.changesetId}` },
    ]);
    const { rows } = await server.runtime.warehouse.query('SELECT reason FROM roundtrip_audit.changesets WHERE changeset_id = $1', [last.body.changesetId]);
    expect(rows[0]!.reason).toBe('Approved: partner_review by partner3; director by director; cfo by cfo. plan 250000');
  });

  it('does not let the submitter approve their own request, nor anyone approve twice', async () => {
    const { id } = await submitAmount('60000');
    const own = await approve(partner1, id);
    expect([own.status, own.body.error.code]).toEqual([403, 'WF_SELF_APPROVAL']);
    const ownReject = await reject(partner1, id, 'changed my mind');
    expect(ownReject.body.error.code).toBe('WF_SELF_APPROVAL');
    // partner5 also becomes a director for this test: approving both levels of one request is refused.
    expect((await admin.request('PATCH', '/api/admin/users/partner5', { roles: ['finance_partner', 'finance_director'] })).status).toBe(200);
    try {
      const partner5 = await ApiClient.login(server.url, 'partner5');
      expect((await approve(partner5, id)).body.currentLevel).toBe('director');
      const twice = await approve(partner5, id);
      expect([twice.status, twice.body.error.code]).toEqual([403, 'WF_ALREADY_APPROVED']);
    } finally {
      await admin.request('PATCH', '/api/admin/users/partner5', { roles: ['finance_partner'] });
    }
    expect((await approve(director, id)).body.status).toBe('applied');
  });

  it('turns a request into a conflict when a cell changed since submission, overwriting nothing', async () => {
    const { id, lineId, before } = await submitAmount('60000');
    expect((await approve(partner2, id)).status).toBe(200);
    const edit = await cfo.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '123' }, expect: { amount: before } }],
    });
    expect(edit.status).toBe(200);
    const audit = await auditCounts(server.runtime);
    const final = await approve(director, id);
    expect(final.status).toBe(409);
    expect(final.body.error.code).toBe('WB_CONFLICT');
    expect(final.body.error.details).toMatchObject({
      requestId: id,
      status: 'conflict',
      conflicts: [{ column: 'amount', expected: before, actual: '123.00', changedBy: 'cfo' }],
    });
    expect(await budgetAmount(server.runtime, lineId)).toBe('123.00');
    expect(await auditCounts(server.runtime)).toEqual(audit);
    expect(await requestRow(id)).toMatchObject({ status: 'conflict', changeset_id: null });
    const steps = await stepsOf(id);
    expect(steps.map((s) => s.action)).toEqual(['submit', 'approve', 'approve', 'conflict']);
    expect(steps[3]!.comment).toContain('"actual":"123.00"');
    const again = await approve(cfo, id);
    expect(again.body.error.code).toBe('WF_REQUEST_CLOSED');
  });
});

describe('rejecting, withdrawing, resubmitting', () => {
  it('rejects with a required reason, applies nothing and records the reason', async () => {
    const { id, lineId, before } = await submitAmount('60000');
    expect((await approve(partner2, id)).status).toBe(200);
    const noReason = await reject(director, id);
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'REQ_INVALID']);
    const rejected = await reject(director, id, 'Too high for Q3');
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect(await budgetAmount(server.runtime, lineId)).toBe(before);
    expect((await stepsOf(id)).at(-1)).toMatchObject({ action: 'reject', level: 'director', actor: 'director', comment: 'Too high for Q3' });
    const late = await approve(director, id);
    expect([late.status, late.body.error.code]).toEqual([409, 'WF_REQUEST_CLOSED']);

    // Resubmission: a new request pointing at the rejected one, once, by the submitter only.
    const foreign = await submit(partner2, { changes: [await setAmount(lineId, '40000')], resubmits: id });
    expect(foreign.body.error.code).toBe('WF_NOT_SUBMITTER');
    const resubmitted = await submit(partner1, { changes: [await setAmount(lineId, '40000')], resubmits: id, reason: 'lower' });
    expect(resubmitted.status).toBe(202);
    expect(resubmitted.body).toMatchObject({ resubmits: id, route: ['partner_review', 'director'], amount: 40000 });
    const twice = await submit(partner1, { changes: [await setAmount(lineId, '30000')], resubmits: id });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'WF_REQUEST_CLOSED']);
    expect((await approve(partner2, resubmitted.body.requestId)).status).toBe(200);
    expect((await approve(director, resubmitted.body.requestId)).body.status).toBe('applied');
    expect(await budgetAmount(server.runtime, lineId)).toBe('40000.00');
  });

  it('lets only the submitter withdraw a pending request', async () => {
    const { id, lineId, before } = await submitAmount('10000');
    const other = await partner2.request('POST', `/api/approvals/${id}/withdraw`, {});
    expect([other.status, other.body.error.code]).toEqual([403, 'WF_NOT_SUBMITTER']);
    const withdrawn = await partner1.request('POST', `/api/approvals/${id}/withdraw`, { comment: 'wrong line' });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await approve(partner2, id)).body.error.code).toBe('WF_REQUEST_CLOSED');
    expect((await partner1.request('POST', `/api/approvals/${id}/withdraw`, {})).body.error.code).toBe('WF_REQUEST_CLOSED');
    expect(await budgetAmount(server.runtime, lineId)).toBe(before);
    expect((await stepsOf(id)).map((s) => s.action)).toEqual(['submit', 'withdraw']);
    const resubmitted = await submit(partner1, { changes: [await setAmount(lineId, '9000')], resubmits: id });
    expect(resubmitted.status).toBe(202);
  });
});

describe('inbox, detail, bulk approval', () => {
  it('shows each approver what they may approve now, and submitters their own requests', async () => {
    const { id: smallId } = await submitAmount('10000');
    const { id: mediumId } = await submitAmount('60000');
    await approve(partner3, mediumId);
    const ids = (response: { body: { requests: { requestId: string }[] } }) => response.body.requests.map((r) => r.requestId);
    const partnerInbox = await partner2.request('GET', '/api/approvals?view=inbox');
    expect(ids(partnerInbox)).toContain(smallId);
    expect(ids(partnerInbox)).not.toContain(mediumId);
    const directorInbox = await director.request('GET', '/api/approvals');
    expect(ids(directorInbox)).toContain(mediumId);
    expect(ids(directorInbox)).not.toContain(smallId);
    expect(ids(await partner1.request('GET', '/api/approvals?view=inbox'))).not.toContain(smallId);
    expect(ids(await partner3.request('GET', '/api/approvals?view=inbox'))).not.toContain(mediumId);
    const mine = await partner1.request('GET', '/api/approvals?view=mine&status=pending&limit=1000');
    expect(ids(mine)).toEqual(expect.arrayContaining([smallId, mediumId]));
    expect((await partner1.request('GET', '/api/approvals?view=all')).body.error.code).toBe('GOV_FORBIDDEN_ADMIN');
    expect(ids(await admin.request('GET', '/api/approvals?view=all&app=budget&table=budget_lines&limit=1000'))).toEqual(
      expect.arrayContaining([smallId, mediumId]),
    );
  });

  it('describes a request with its diff, current values and totals, to those entitled only', async () => {
    const lineA = freshLine();
    const lineB = freshLine();
    const [a, b] = [await budgetAmount(server.runtime, lineA), await budgetAmount(server.runtime, lineB)];
    const submitted = await submit(partner1, {
      changes: [
        await setAmount(lineA, '20000'),
        { op: 'update', key: { line_id: lineB }, set: { amount: '15000', comment: 'new hire' }, expect: { amount: b, comment: null } },
      ],
    });
    const id = submitted.body.requestId;
    expect(submitted.body).toMatchObject({ amount: 35000, route: ['partner_review', 'director'] });
    await cfo.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: lineB }, set: { amount: '1.00' }, expect: { amount: b } }] });
    const detail = await director.request('GET', `/api/approvals/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      requestId: id,
      status: 'pending',
      currentLevel: 'partner_review',
      actions: { approve: false, reject: false, withdraw: false },
    });
    expect(detail.body.levels.map((l: { name: string; state: string }) => `${l.name}:${l.state}`)).toEqual(['partner_review:waiting', 'director:pending']);
    expect(detail.body.changes).toEqual([
      {
        op: 'update',
        key: { line_id: lineA },
        visible: true,
        rowExists: true,
        cells: [{ column: 'amount', old: a, new: '20000.00', current: a, changedSince: false }],
      },
      {
        op: 'update',
        key: { line_id: lineB },
        visible: true,
        rowExists: true,
        cells: [
          { column: 'amount', old: b, new: '15000.00', current: '1.00', changedSince: true },
          { column: 'comment', old: null, new: 'new hire', current: null, changedSince: false },
        ],
      },
    ]);
    const round = (n: number) => Math.round(n * 100) / 100;
    expect(detail.body.totals).toEqual({
      column: 'amount',
      before: round(Number(a) + Number(b)),
      after: 35000,
      delta: round(35000 - Number(a) - Number(b)),
      current: round(Number(a) + 1),
    });
    expect(detail.body.steps).toEqual([expect.objectContaining({ seq: 1, action: 'submit', actor: 'partner1' })]);
    expect((await partner2.request('GET', `/api/approvals/${id}`)).body.actions).toEqual({ approve: true, reject: true, withdraw: false });
    expect((await partner1.request('GET', `/api/approvals/${id}`)).body.actions).toEqual({ approve: false, reject: false, withdraw: true });
    const outsider = await viewer.request('GET', `/api/approvals/${id}`);
    expect([outsider.status, outsider.body.error.code]).toEqual([404, 'WF_REQUEST_NOT_FOUND']);
  });

  it('bulk-approves, checking each request like a single approval', async () => {
    const one = await submitAmount('10000');
    const two = await submitAmount('12000');
    const own = await submitAmount('11000', partner2);
    const response = await partner2.request('POST', '/api/approvals/bulk-approve', { ids: [one.id, two.id, own.id], comment: 'batch' });
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { requestId: one.id, ok: true, request: expect.objectContaining({ status: 'applied' }) },
      { requestId: two.id, ok: true, request: expect.objectContaining({ status: 'applied' }) },
      { requestId: own.id, ok: false, error: expect.objectContaining({ code: 'WF_SELF_APPROVAL' }) },
    ]);
    expect(await budgetAmount(server.runtime, one.lineId)).toBe('10000.00');
    expect(await budgetAmount(server.runtime, two.lineId)).toBe('12000.00');
    expect(await budgetAmount(server.runtime, own.lineId)).toBe(own.before);
  });
});

describe('delegation', () => {
  it('lets a delegate approve what the delegator could while the delegation lasts, recorded as such', async () => {
    const until = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const self = await director.request('PUT', '/api/approvals/delegation', { delegate: 'director', until });
    expect(self.body.error.code).toBe('REQ_INVALID');
    const nobody = await director.request('PUT', '/api/approvals/delegation', { delegate: 'nobody', until });
    expect(nobody.body.error.code).toBe('USER_NOT_FOUND');
    const set = await director.request('PUT', '/api/approvals/delegation', { delegate: 'partner4', until });
    expect(set.body.delegation).toEqual({ delegator: 'director', delegate: 'partner4', until });
    expect((await partner4.request('GET', '/api/approvals/delegation')).body).toEqual({
      mine: null,
      toMe: [{ delegator: 'director', delegate: 'partner4', until }],
    });

    const { id, lineId } = await submitAmount('60000');
    await approve(partner2, id);
    const inbox = await partner4.request('GET', '/api/approvals?view=inbox');
    expect(inbox.body.requests.map((r: { requestId: string }) => r.requestId)).toContain(id);
    const approved = await approve(partner4, id, 'for Dana');
    expect(approved.body.status).toBe('applied');
    expect(await budgetAmount(server.runtime, lineId)).toBe('60000.00');
    expect((await stepsOf(id)).slice(2, 4)).toEqual([
      { seq: 3, action: 'delegate', level: 'director', actor: 'partner4', on_behalf_of: 'director', comment: 'approves as delegate of director' },
      { seq: 4, action: 'approve', level: 'director', actor: 'partner4', on_behalf_of: 'director', comment: 'for Dana' },
    ]);

    expect((await director.request('DELETE', '/api/approvals/delegation')).body).toEqual({ ok: true, ended: true });
    const next = await submitAmount('60000');
    await approve(partner2, next.id);
    const refused = await approve(partner4, next.id);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'WF_NOT_APPROVER']);
  });
});

describe('expiry and escalation', () => {
  it('escalates a request that waited too long, then expires it if it waits again', async () => {
    const context = await createWorkflowContext({
      warehouse: server.runtime.warehouse,
      system: server.runtime.system,
      project: () => server.runtime.current(),
      identityFor: (p) => server.runtime.identityFor(p),
      publish: () => undefined,
      onError: () => undefined,
    });
    try {
      const small = await submitAmount('10000');
      const large = await submitAmount('250000');
      const start = Date.now();
      const early = await sweepApprovals(context, new Date(start + 71 * 3600 * 1000));
      expect(early.escalated).not.toContain(small.id);

      const later = new Date(start + 73 * 3600 * 1000);
      const first = await sweepApprovals(context, later);
      expect(first.escalated).toEqual(expect.arrayContaining([small.id, large.id]));
      expect(await requestRow(small.id)).toMatchObject({ status: 'pending', current_level: 0 });
      expect(JSON.parse(String((await requestRow(large.id)).route)).map((l: { name: string }) => l.name)).toEqual(['escalation', 'director']);
      expect((await stepsOf(small.id)).at(-1)).toMatchObject({ action: 'escalate', level: 'escalation', actor: '(system)' });
      // The escalation level belongs to the CFO now, no longer to finance partners.
      expect((await approve(partner2, small.id)).body.error.code).toBe('WF_NOT_APPROVER');
      expect((await approve(cfo, large.id)).body.currentLevel).toBe('director');

      const second = await sweepApprovals(context, new Date(later.getTime() + 73 * 3600 * 1000));
      expect(second.expired).toContain(small.id);
      expect(await requestRow(small.id)).toMatchObject({ status: 'expired' });
      expect((await stepsOf(small.id)).map((s) => s.action)).toEqual(['submit', 'escalate', 'expire']);
      expect(await budgetAmount(server.runtime, small.lineId)).toBe(small.before);
    } finally {
      await context.close();
    }
  });
});

describe('approval tables', () => {
  it('keeps every step queryable with SQL', async () => {
    const { rows } = await server.runtime.warehouse.query(
      `SELECT s.action, count(*) AS n FROM roundtrip_audit.approval_steps s
         JOIN roundtrip_audit.approval_requests r USING (request_id) WHERE r.app = 'budget' GROUP BY s.action ORDER BY s.action`,
    );
    const actions = Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
    for (const action of ['submit', 'approve', 'reject', 'withdraw', 'delegate', 'escalate', 'expire', 'apply', 'conflict'])
      expect(actions[action], action).toBeGreaterThan(0);
  });
});
