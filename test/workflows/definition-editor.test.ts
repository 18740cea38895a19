import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { watchProject, type ReloadOutcome } from '../../src/runtime/watch-project.js';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

let server: TestServer;
let admin: ApiClient;
let partner1: ApiClient;
let director: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  [admin, partner1, director] = await Promise.all([
    ApiClient.login(server.url, 'admin'),
    ApiClient.login(server.url, 'partner1'),
    ApiClient.login(server.url, 'director'),
  ]);
});
afterAll(() => server?.close());

const DEFINITION = '/api/admin/apps/budget/definition';
const DIRECTOR_WHEN = ['tables', 'budget_lines', 'approvals', 'levels', 1, 'when'];
const DIRECTOR_ROLES = ['tables', 'budget_lines', 'approvals', 'levels', 1, 'roles'];
const budgetFile = () => readFileSync(join(server.projectDir, 'apps/budget.yaml'), 'utf8');
const definition = async () => (await admin.request('GET', DEFINITION)).body as { yaml: string; hash: string; config: any; editable: any };

let nextLine = 100;
async function submitAmount(amount: string): Promise<string[]> {
  const lineId = (nextLine += 1);
  const change = { op: 'update', key: { line_id: lineId }, set: { amount }, expect: { amount: await budgetAmount(server.runtime, lineId) } };
  const response = await partner1.request('POST', '/api/apps/budget/tables/budget_lines/submissions', { changes: [change], reason: `plan ${amount}` });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.route;
}

async function appChanges(): Promise<any[]> {
  const response = await admin.request('GET', '/api/admin/changes?limit=1000');
  return (response.body.changes as any[]).filter((c) => c.kind === 'app' && c.target === 'budget');
}

describe('definition editor', () => {
  it('gives admins the file, its hash and the editable parts per table', async () => {
    const body = await definition();
    expect(body.yaml).toBe(budgetFile());
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.editable.tables.budget_lines.approvals.levels[1]).toMatchObject({ name: 'director', when: 'amount >= 25000.0' });
    expect(body.editable.tables.budget_lines.write[0].columns).toEqual(['amount', 'comment']);
  });

  it('previews the route a sample amount would take, writing nothing', async () => {
    const before = budgetFile();
    const response = await admin.request('POST', `${DEFINITION}/preview`, {
      edits: [{ path: DIRECTOR_WHEN, value: 'amount >= 50000.0' }],
      sample: { amount: 30000 },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      ok: true,
      issues: [],
      routing: { table: 'budget_lines', amount: 30000, route: ['partner_review'], before: ['partner_review', 'director'] },
    });
    expect(response.body.diff).toContain('-        - { name: director, roles: [finance_director], when: "amount >= 25000.0" }');
    expect(response.body.diff).toContain('+        - { name: director, roles: [finance_director], when: "amount >= 50000.0" }');
    expect(budgetFile()).toBe(before);
  });

  it('raises the director threshold: the file changes there only, comments kept, audited, and the next submission routes by it', async () => {
    expect(await submitAmount('30000')).toEqual(['partner_review', 'director']);
    const original = budgetFile();
    const { hash } = await definition();
    const auditedBefore = (await appChanges()).length;

    // As `roundtrip serve` does: the watcher reloads the project when a file changes.
    const reloads: ReloadOutcome[] = [];
    const stopWatching = watchProject(server.runtime, (outcome) => reloads.push(outcome), 50);
    const saved = await admin.request('POST', DEFINITION, { edits: [{ path: DIRECTOR_WHEN, value: 'amount >= 50000.0' }], baseHash: hash });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await vi.waitFor(() => expect(reloads.length).toBeGreaterThan(0), { timeout: 5_000 });
    stopWatching();
    expect(reloads.every((outcome) => outcome.ok)).toBe(true);

    const now = budgetFile();
    const oldLines = original.split('\n');
    const newLines = now.split('\n');
    expect(newLines).toHaveLength(oldLines.length);
    const changed = oldLines.flatMap((line, i) => (line === newLines[i] ? [] : [[line, newLines[i]]]));
    expect(changed).toEqual([
      [
        '        - { name: director, roles: [finance_director], when: "amount >= 25000.0" }',
        '        - { name: director, roles: [finance_director], when: "amount >= 50000.0" }',
      ],
    ]);
    for (const comment of oldLines.filter((line) => line.trim().startsWith('#'))) expect(newLines).toContain(comment);
    expect(saved.body.hash).not.toBe(hash);

    const audited = await appChanges();
    expect(audited).toHaveLength(auditedBefore + 1);
    const latest = audited[0];
    expect(latest.username).toBe('admin');
    expect(latest.oldValue.tables.budget_lines.approvals.levels[1].when).toBe('amount >= 25000.0');
    expect(latest.newValue.tables.budget_lines.approvals.levels[1].when).toBe('amount >= 50000.0');

    expect(await submitAmount('30000')).toEqual(['partner_review']);
    expect(await submitAmount('60000')).toEqual(['partner_review', 'director']);

    // The watcher's reload after the save, and any later one, find nothing changed and audit nothing.
    await server.runtime.reload();
    expect(await appChanges()).toHaveLength(auditedBefore + 1);
  });

  it("edits roles, rules and editable columns keeping the file's style", async () => {
    const { hash } = await definition();
    const edits = [
      { path: DIRECTOR_ROLES, value: ['finance_director', 'cfo'] },
      { path: ['tables', 'budget_lines', 'rules', 1, 'maxLength'], value: 400 },
      { path: ['tables', 'budget_lines', 'write', 0, 'columns'], value: ['amount'] },
    ];
    const saved = await admin.request('POST', DEFINITION, { edits, baseHash: hash });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const text = budgetFile();
    expect(text).toContain('        - { name: director, roles: [finance_director, cfo], when: "amount >= 50000.0" }');
    expect(text).toContain('        maxLength: 400\n');
    expect(text).toContain('        columns: [amount]\n        rows: row.entity_id in user.entities');
    expect(server.runtime.current().apps.get('budget')!.config.tables.budget_lines!.write[0]!.columns).toEqual(['amount']);
  });

  it("reports invalid edits with the file's line and writes nothing", async () => {
    const before = budgetFile();
    const { hash } = await definition();
    const levelLine = before.split('\n').findIndex((line) => line.includes('name: director')) + 1;

    const unknownRole = await admin.request('POST', `${DEFINITION}/preview`, {
      edits: [{ path: [...DIRECTOR_ROLES, 0], value: 'auditor' }],
      sample: { amount: 30000 },
    });
    expect(unknownRole.status).toBe(200);
    expect(unknownRole.body.ok).toBe(false);
    expect(unknownRole.body.routing).toBeUndefined();
    expect(unknownRole.body.issues).toEqual([
      expect.objectContaining({
        path: 'tables.budget_lines.approvals.levels.1.roles.0',
        line: levelLine,
        message: expect.stringContaining("unknown role 'auditor'"),
      }),
    ]);

    const badExpression = { edits: [{ path: DIRECTOR_WHEN, value: 'amount >= ' }], baseHash: hash };
    const previewed = await admin.request('POST', `${DEFINITION}/preview`, badExpression);
    expect(previewed.body.ok).toBe(false);
    expect(previewed.body.issues).toEqual([expect.objectContaining({ path: 'tables.budget_lines.approvals.levels.1.when', line: levelLine })]);

    const saved = await admin.request('POST', DEFINITION, badExpression);
    expect(saved.status).toBe(422);
    expect(saved.body.error.code).toBe('CFG_EDIT_INVALID');
    expect(saved.body.error.details.issues[0]).toMatchObject({ path: 'tables.budget_lines.approvals.levels.1.when', line: levelLine });
    expect(budgetFile()).toBe(before);
  });

  it('refuses paths outside approvals, rules and write columns and roles with 400', async () => {
    const { hash } = await definition();
    for (const path of [['title'], ['tables', 'budget_lines', 'read', 0, 'rows'], ['tables', 'budget_lines', 'write', 0, 'rows']]) {
      const response = await admin.request('POST', DEFINITION, { edits: [{ path, value: 'x' }], baseHash: hash });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('REQ_INVALID');
      expect(response.body.error.message).toContain(path.join('.'));
    }
  });

  it("edits an action's steps on their lines, comments kept, audited; an undeclared :param in sql is an issue with its line", async () => {
    const { hash, editable } = await definition();
    const action = 'map_fx_to_finance';
    const steps = editable.actions[action].steps as { type: string }[];
    const validate = steps.findIndex((step) => step.type === 'validate');
    const refresh = steps.findIndex((step) => step.type === 'refresh');
    expect(validate).toBeGreaterThanOrEqual(0);
    expect(refresh).toBeGreaterThan(steps.findIndex((step) => step.type === 'write'));

    const original = budgetFile();
    const auditedBefore = (await appChanges()).length;
    const message = 'Only the finance director or an admin may remap the P&L.';
    const saved = await admin.request('POST', DEFINITION, {
      edits: [{ path: ['actions', action, 'steps', validate, 'message'], value: message }],
      baseHash: hash,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const oldLines = original.split('\n');
    const newLines = budgetFile().split('\n');
    expect(newLines).toHaveLength(oldLines.length);
    const changed = oldLines.flatMap((line, i) => (line === newLines[i] ? [] : [[line, newLines[i]]]));
    expect(changed).toEqual([['        message: Only the finance director or an admin may change the P&L mapping.', `        message: ${message}`]]);
    for (const comment of oldLines.filter((line) => line.trim().startsWith('#'))) expect(newLines).toContain(comment);
    const audited = await appChanges();
    expect(audited).toHaveLength(auditedBefore + 1);
    expect(audited[0].newValue.actions[action].steps[validate].message).toBe(message);
    expect(server.runtime.current().apps.get('budget')!.config.actions[action]!.steps[validate]).toMatchObject({ message });

    const before = budgetFile();
    const refreshLine = before.split('\n').findIndex((line) => line.includes('{ type: refresh')) + 1;
    const badSql = {
      edits: [{ path: ['actions', action, 'steps', refresh], value: { type: 'sql', sql: 'CALL recalc_plan(:entity)' } }],
      baseHash: saved.body.hash,
    };
    const previewed = await admin.request('POST', `${DEFINITION}/preview`, badSql);
    expect(previewed.status).toBe(200);
    expect(previewed.body.ok).toBe(false);
    expect(previewed.body.issues).toEqual([
      expect.objectContaining({
        path: `actions.${action}.steps.${refresh}.sql`,
        line: refreshLine,
        message: expect.stringContaining(':entity is not declared'),
      }),
    ]);
    const refused = await admin.request('POST', DEFINITION, badSql);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CFG_EDIT_INVALID');
    expect(refused.body.error.details.issues[0]).toMatchObject({ path: `actions.${action}.steps.${refresh}.sql`, line: refreshLine });
    expect(budgetFile()).toBe(before);
  });

  it('refuses a save based on an older version of the file with 409 CFG_EDIT_CONFLICT', async () => {
    const before = budgetFile();
    const response = await admin.request('POST', DEFINITION, { edits: [{ path: DIRECTOR_WHEN, value: 'amount >= 70000.0' }], baseHash: '0'.repeat(64) });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CFG_EDIT_CONFLICT');
    expect(budgetFile()).toBe(before);
  });

  it('lets only one of two saves of the same version through', async () => {
    const { hash } = await definition();
    const save = (amount: string) => admin.request('POST', DEFINITION, { edits: [{ path: DIRECTOR_WHEN, value: `amount >= ${amount}` }], baseHash: hash });
    const results = await Promise.all([save('60000.0'), save('70000.0')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect(budgetFile()).toBe(winner.body.yaml);
  });

  it('flags contradictory rules in the preview and refuses to save them with 422 CFG_EDIT_CONTRADICTORY, writing nothing', async () => {
    const AMOUNT_RULE = ['tables', 'budget_lines', 'rules', 0];
    const LEVELS = ['tables', 'budget_lines', 'approvals', 'levels'];
    const STEP = ['actions', 'map_fx_to_finance', 'steps', 1, 'values'];
    const cases = [
      { edits: [{ path: [...AMOUNT_RULE, 'max'], value: -1 }], path: 'tables.budget_lines.rules.0.max', message: 'max (−1) is below min (0)' },
      {
        edits: [{ path: [...LEVELS, 2, 'when'], value: 'amount >= 1000.0' }],
        path: 'tables.budget_lines.approvals.levels.2.when',
        message: "below 'director' before it",
      },
      {
        edits: [{ path: [...LEVELS, 2, 'when'], value: (await definition()).editable.tables.budget_lines.approvals.levels[1].when }],
        path: 'tables.budget_lines.approvals.levels.2.when',
        message: 'the same threshold',
      },
      {
        edits: [{ path: STEP, value: { pl_line_id: 'FIN', account_id: '8200' } }],
        path: `${STEP.join('.')}.account_id`,
        message: "lets anyone update 'account_id'",
      },
    ];
    for (const { edits, path, message } of cases) {
      const preview = await admin.request('POST', `${DEFINITION}/preview`, { edits, sample: { amount: 30000 } });
      expect(preview.status).toBe(200);
      expect(preview.body.ok).toBe(false);
      expect(preview.body.issues).toEqual([expect.objectContaining({ path, message: expect.stringContaining(message), line: expect.any(Number) })]);

      const before = budgetFile();
      const { hash } = await definition();
      const saved = await admin.request('POST', DEFINITION, { edits, baseHash: hash });
      expect(saved.status).toBe(422);
      expect(saved.body.error.code).toBe('CFG_EDIT_CONTRADICTORY');
      expect(saved.body.error.message).toContain(message);
      expect(saved.body.error.details.issues[0]).toMatchObject({ path });
      expect(budgetFile()).toBe(before);
    }
    // The rule in effect is still the old one: 0 is a valid amount.
    expect(server.runtime.current().apps.get('budget')!.config.tables.budget_lines!.rules[0]).toMatchObject({ min: 0, max: 50000000 });
  });

  it('refuses an approval level nobody could approve (no active user holds its roles or an escalation role)', async () => {
    const LEVELS = ['tables', 'budget_lines', 'approvals', 'levels'];
    const edits = [
      { path: [...LEVELS, 2, 'roles'], value: ['viewer'] },
      { path: ['tables', 'budget_lines', 'approvals', 'escalateTo'], value: ['viewer'] },
    ];
    // The viewer role is held, so the chain can be approved.
    expect((await admin.request('POST', `${DEFINITION}/preview`, { edits })).body).toMatchObject({ ok: true, issues: [] });

    expect((await admin.request('PATCH', '/api/admin/users/viewer', { disabled: true })).status).toBe(200);
    try {
      const preview = await admin.request('POST', `${DEFINITION}/preview`, { edits });
      expect(preview.body.ok).toBe(false);
      expect(preview.body.issues).toEqual([
        expect.objectContaining({
          path: 'tables.budget_lines.approvals.levels.2.roles',
          message: expect.stringContaining("nobody holds viewer, so a submission routed to 'cfo' could never be approved"),
        }),
      ]);
      const before = budgetFile();
      const saved = await admin.request('POST', DEFINITION, { edits, baseHash: (await definition()).hash });
      expect(saved.status).toBe(422);
      expect(saved.body.error.code).toBe('CFG_EDIT_CONTRADICTORY');
      expect(budgetFile()).toBe(before);
    } finally {
      expect((await admin.request('PATCH', '/api/admin/users/viewer', { disabled: false })).status).toBe(200);
    }
  });

  it('refuses non-admins with 403', async () => {
    const { hash } = await definition();
    for (const [method, path, body] of [
      ['GET', DEFINITION, undefined],
      ['POST', `${DEFINITION}/preview`, { edits: [{ path: DIRECTOR_WHEN, value: 'amount >= 1.0' }] }],
      ['POST', DEFINITION, { edits: [{ path: DIRECTOR_WHEN, value: 'amount >= 1.0' }], baseHash: hash }],
    ] as const) {
      const response = await director.request(method, path, body);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('GOV_FORBIDDEN_ADMIN');
    }
  });
});
