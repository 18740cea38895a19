import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  actionRunResultSchema,
  adminChangesSchema,
  adminUserListSchema,
  adminUserResponseSchema,
  appDetailResponseSchema,
  appListResponseSchema,
  changesetResultSchema,
  createdTokenSchema,
  declaredRolesSchema,
  changesetDetailSchema,
  historyResponseSchema,
  queryResultSchema,
  appDefinitionSchema,
  bulkApproveResponseSchema,
  exportJobSchema,
  importOutcomeSchema,
  importPreviewSchema,
  changeEventSchema,
  commentCountsSchema,
  commentDeleteResultSchema,
  approvalEventSchema,
  commentEventSchema,
  commentPostResultSchema,
  commentThreadSchema,
  peopleResponseSchema,
  presenceListSchema,
  definitionPreviewResponseSchema,
  requestDetailSchema,
  requestListSchema,
  requestSummarySchema,
  revertResultSchema,
  sessionResponseSchema,
  tableDiffSchema,
  tokenListSchema,
  tokenResponseSchema,
  validationIssueSchema,
  writeConflictSchema,
} from '../../src/contract/index.js';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { openEventStream } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

// The web UI's types are generated from these schemas: a server change that sends something else fails here.

/** The body, after checking it matches the schema exactly (the schemas are strict: no unknown keys). */
function conforms<T extends z.ZodType>(schema: T, response: { status: number; body: unknown }, status = 200): z.output<T> {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  const result = schema.safeParse(response.body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
  return result.data as z.output<T>;
}

function errorDetails(response: { status: number; body: any }, status: number, code: string): Record<string, unknown> {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  return response.body.error.details;
}

const LINES = '/api/apps/budget/tables/budget_lines';

describe.each(ENGINES)('API responses match the web contract on $name', (engine) => {
  let server: TestServer;
  let admin: ApiClient;
  let partner: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [admin, partner] = await Promise.all([ApiClient.login(server.url, 'admin'), ApiClient.login(server.url, 'partner1')]);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('session: login and me', async () => {
    const client = new ApiClient(server.url);
    const login = conforms(sessionResponseSchema, await client.request('POST', '/api/auth/login', { username: 'partner1', password: 'demo' }));
    expect(login.user.username).toBe('partner1');
    const me = conforms(sessionResponseSchema, await client.request('GET', '/api/auth/me'));
    expect(me.user.roles).toEqual(['finance_partner']);
  });

  it('apps list and the app definition, for an admin and a partner', async () => {
    const list = conforms(appListResponseSchema, await partner.request('GET', '/api/apps'));
    expect(list.apps.map((a) => a.name)).toContain('budget');
    const asAdmin = conforms(appDetailResponseSchema, await admin.request('GET', '/api/apps/budget'));
    const asPartner = conforms(appDetailResponseSchema, await partner.request('GET', '/api/apps/budget'));
    // Admins also get each dataset's SQL; both shapes are in the contract.
    expect(Object.values(asAdmin.datasets).some((d) => d.sql !== undefined)).toBe(true);
    expect(Object.values(asPartner.datasets).every((d) => d.sql === undefined)).toBe(true);
    expect(asPartner.tables.budget_lines?.readsAllRows).toBe(false);
    expect(asAdmin.pages.length).toBeGreaterThan(0);
  });

  it('dataset and table queries, with total and aggregates', async () => {
    const lines = conforms(
      queryResultSchema,
      await partner.query('budget', 'budget_lines', { limit: 5, withTotal: true, aggregates: [{ column: 'amount', fn: 'sum' }] }),
    );
    expect(lines.rows.length).toBe(5);
    expect(lines.total).toBeGreaterThan(5);
    expect(lines.aggregates?.[0]?.fn).toBe('sum');
    const plain = conforms(queryResultSchema, await partner.query('budget', 'entity_options'));
    expect(plain.total).toBeUndefined();
  });

  it('changeset result, its replay, conflicts, validation issues and the row history', async () => {
    const lines = conforms(queryResultSchema, await partner.query('budget', 'budget_lines', { limit: 1, sort: [{ column: 'line_id', direction: 'asc' }] }));
    const lineId = Number(lines.rows[0]!.line_id);
    const amount = await budgetAmount(server.runtime, lineId);
    const body = {
      changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: 1234 }, expect: { amount } }],
      reason: 'contract check',
      idempotencyKey: `contract-${engine.name}`,
    };
    const written = conforms(changesetResultSchema, await partner.changeset('budget', 'budget_lines', body));
    expect(written).toMatchObject({ applied: 1, replayed: false });
    const replay = conforms(changesetResultSchema, await partner.changeset('budget', 'budget_lines', body));
    expect(replay).toEqual({ ...written, replayed: true });

    const stale = { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: 99 }, expect: { amount } }] };
    const conflict = errorDetails(await partner.changeset('budget', 'budget_lines', stale), 409, 'WB_CONFLICT');
    const conflicts = conflict.conflicts as unknown[];
    expect(conflicts.length).toBe(1);
    for (const c of conflicts) expect(writeConflictSchema.safeParse(c).error?.issues ?? []).toEqual([]);

    const invalid = { changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: -5 }, expect: { amount: 1234 } }] };
    const validation = errorDetails(await partner.changeset('budget', 'budget_lines', invalid), 422, 'WB_VALIDATION');
    const issues = validation.issues as unknown[];
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(validationIssueSchema.safeParse(issue).error?.issues ?? []).toEqual([]);

    const history = conforms(
      historyResponseSchema,
      await partner.request('GET', `${LINES}/history?key=${encodeURIComponent(JSON.stringify({ line_id: lineId }))}`),
    );
    expect(history.changes[0]).toMatchObject({ changesetId: written.changesetId, column: 'amount', reason: 'contract check' });

    const diff = conforms(tableDiffSchema, await admin.request('GET', `${LINES}/diff?from=${encodeURIComponent(history.changes[0]!.at)}`));
    expect(diff.to).toBeNull();
    const reverted = conforms(
      revertResultSchema,
      await partner.request('POST', `${LINES}/changesets/${written.changesetId}/revert`, { reason: 'contract check undone' }),
    );
    expect(reverted).toMatchObject({ applied: 1, replayed: false, reverts: written.changesetId });
    const detail = conforms(changesetDetailSchema, await partner.request('GET', `/api/changesets/${written.changesetId}`));
    expect(detail).toMatchObject({ changesetId: written.changesetId, revertedBy: [reverted.changesetId], reason: 'contract check' });
  });

  it('user administration: users, roles, create, edit and the change log', async () => {
    const users = conforms(adminUserListSchema, await admin.request('GET', '/api/admin/users'));
    expect(users.users.map((u) => u.username)).toContain('partner1');
    conforms(declaredRolesSchema, await admin.request('GET', '/api/admin/roles'));
    const username = `contract_${engine.name}`;
    const created = conforms(
      adminUserResponseSchema,
      await admin.request('POST', '/api/admin/users', { username, password: 'contract-pass-1', roles: ['viewer'], attributes: { entities: ['E01'] } }),
    );
    expect(created.user).toMatchObject({ username, source: 'admin', disabled: false });
    const edited = conforms(adminUserResponseSchema, await admin.request('PATCH', `/api/admin/users/${username}`, { displayName: 'Contract user' }));
    expect(edited.user.displayName).toBe('Contract user');
    const changes = conforms(adminChangesSchema, await admin.request('GET', '/api/admin/changes'));
    expect(changes.changes.some((c) => c.kind === 'user' && c.target === username)).toBe(true);
  });

  it('API tokens: create, list and revoke', async () => {
    const created = conforms(createdTokenSchema, await partner.request('POST', '/api/tokens', { name: 'contract', apps: ['budget'], access: 'read' }));
    expect(created.secret).toMatch(/^rt_/);
    const list = conforms(tokenListSchema, await partner.request('GET', '/api/tokens'));
    expect(list.tokens.map((t) => t.id)).toContain(created.token.id);
    const revoked = conforms(tokenResponseSchema, await partner.request('DELETE', `/api/tokens/${created.token.id}`));
    expect(revoked.token.revokedAt).not.toBeNull();
  });

  it('the definition editor: the app file, a preview and a refused save', async () => {
    const definition = conforms(appDefinitionSchema, await admin.request('GET', '/api/admin/apps/budget/definition'));
    expect(Object.keys(definition.editable.tables)).toContain('budget_lines');
    const preview = conforms(
      definitionPreviewResponseSchema,
      await admin.request('POST', '/api/admin/apps/budget/definition/preview', {
        edits: [{ path: ['tables', 'budget_lines', 'rules', 0, 'max'], value: 60000000 }],
        sample: { table: 'budget_lines', amount: 30000 },
      }),
    );
    expect(preview.ok).toBe(true);
    expect(preview.routing?.route).toEqual(['partner_review', 'director']);
    const stale = await admin.request('POST', '/api/admin/apps/budget/definition', {
      edits: [{ path: ['tables', 'budget_lines', 'rules', 0, 'max'], value: 60000000 }],
      baseHash: '0'.repeat(64),
    });
    expect(stale.status).toBe(409);
  });

  it('comments, people, presence, and the live stream frames they cause', async () => {
    const director = await ApiClient.login(server.url, 'director');
    const stream = await openEventStream(server.url, director.cookie, {}, '?tab=contract-tab-director');
    try {
      const key = { line_id: 3 };
      const posted = conforms(commentPostResultSchema, await partner.request('POST', `${LINES}/comments`, { key, text: 'Contract check @director' }), 201);
      expect(posted.comment.mentions).toEqual(['director']);
      const thread = conforms(commentThreadSchema, await partner.request('GET', `${LINES}/comments?key=${encodeURIComponent(JSON.stringify(key))}`));
      expect(thread.comments.map((c) => c.id)).toContain(posted.comment.id);
      conforms(commentCountsSchema, await partner.request('GET', `${LINES}/comments/counts`));
      conforms(peopleResponseSchema, await partner.request('GET', '/api/apps/budget/people?q=dir'));
      const commentFrame = await stream.waitFor((e) => e.event === 'comment' && e.data.commentId === posted.comment.id);
      commentEventSchema.parse(commentFrame.data);
      conforms(commentDeleteResultSchema, await partner.request('DELETE', `${LINES}/comments/${posted.comment.id}`));

      const others = conforms(
        presenceListSchema,
        await partner.request('POST', '/api/apps/budget/presence', { tab: 'contract-tab-partner', page: 'overview' }),
      );
      expect(others.app).toBe('budget');
      const presenceFrame = await stream.waitFor((e) => e.event === 'presence' && e.data.others.some((o: { page: string }) => o.page === 'overview'));
      presenceListSchema.parse(presenceFrame.data);

      const written = conforms(
        changesetResultSchema,
        await partner.changeset('budget', 'budget_lines', {
          changes: [
            {
              op: 'update',
              key,
              set: { comment: 'contract frame' },
              expect: {
                comment: (await server.runtime.warehouse.query('SELECT comment FROM budget_lines WHERE line_id = 3')).rows[0]!.comment as string | null,
              },
            },
          ],
        }),
      );
      const changeFrame = await stream.waitFor((e) => e.event === 'change' && e.data.changesetId === written.changesetId);
      changeEventSchema.parse(changeFrame.data);
    } finally {
      stream.close();
    }
  });

  it('an export pack job and a governed import, preview and apply', async () => {
    const job = conforms(exportJobSchema, await partner.request('POST', '/api/apps/budget/exports/management_accounts/packs', { params: { year: 2025 } }), 202);
    const status = conforms(exportJobSchema, await partner.request('GET', `/api/export-jobs/${job.jobId}`));
    expect(status.jobId).toBe(job.jobId);
    const amount = await budgetAmount(server.runtime, 4);
    const next = (Number(amount) + 1).toFixed(2);
    const csv = `line_id,amount\n4,${next}\n`;
    const uploaded = await fetch(`${server.url}${LINES}/imports?fileName=contract.csv`, {
      method: 'POST',
      headers: { cookie: partner.cookie, 'x-csrf-token': partner.csrfToken, 'content-type': 'text/csv' },
      body: csv,
    });
    const preview = importPreviewSchema.parse(await uploaded.json());
    expect(preview.summary.updates).toBe(1);
    const applied = conforms(importOutcomeSchema, await partner.request('POST', `${LINES}/imports/${preview.importId}/apply`, {}));
    expect(applied.applied).toBe(1);
  });

  it('action run result', async () => {
    const run = conforms(actionRunResultSchema, await admin.request('POST', '/api/apps/budget/actions/map_fx_to_finance/run', { params: {} }));
    expect(run.refresh).toEqual(['account_pl_map', 'totals']);
    expect(run.changesetId).not.toBeNull();
  });

  it('approval submission and the list of requests', async () => {
    const lines = conforms(
      queryResultSchema,
      await partner.query('budget', 'budget_lines', { limit: 1, offset: 1, sort: [{ column: 'line_id', direction: 'asc' }] }),
    );
    const lineId = Number(lines.rows[0]!.line_id);
    const change = { op: 'update', key: { line_id: lineId }, set: { amount: '60000' }, expect: { amount: await budgetAmount(server.runtime, lineId) } };
    const stream = await openEventStream(server.url, partner.cookie);
    const submitted = await partner.request('POST', `${LINES}/submissions`, { changes: [change], reason: 'contract check' });
    const summary = conforms(requestSummarySchema, submitted, 202);
    try {
      const frame = await stream.waitFor((e) => e.event === 'approval' && e.data.requestId === summary.requestId);
      expect(approvalEventSchema.parse(frame.data).action).toBe('submitted');
    } finally {
      stream.close();
    }
    const mine = conforms(requestListSchema, await partner.request('GET', '/api/approvals?view=mine'));
    expect(mine.requests.map((r) => r.requestId)).toContain(summary.requestId);
    const detail = conforms(requestDetailSchema, await partner.request('GET', `/api/approvals/${summary.requestId}`));
    expect(detail.changes[0]!.cells.map((c) => c.column)).toEqual(['amount']);
    expect(detail.actions.withdraw).toBe(true);
    const partner2 = await ApiClient.login(server.url, 'partner2');
    const bulk = conforms(
      bulkApproveResponseSchema,
      await partner2.request('POST', '/api/approvals/bulk-approve', { ids: [summary.requestId, '01a242b4-0d9d-7000-affd-a11f6d029866'] }),
    );
    expect(bulk.results).toHaveLength(2);
    expect(bulk.results[1]).toMatchObject({ ok: false, error: { code: 'WF_REQUEST_NOT_FOUND' } });
  });
});
