import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadProject } from '../../src/app-model/index.js';
import { AppError } from '../../src/errors/index.js';
import { ApiClient } from '../support/api-client.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';

const PUBLIC_URL = 'https://bi.example.test';
const addressOf = (username: string) => `${username}@example.test`;

interface FixtureOptions {
  /** The mail server's port; omitted: roundtrip.yaml has no smtp. */
  smtpPort?: number;
}

/**
 * The demo project with an e-mail address on every user and e-mail
 * notifications on the budget app: submissions go to the approvers now
 * waiting, applied requests to their submitter.
 */
function writeEmailProject(root: string, options: FixtureOptions): string {
  const dir = join(root, 'project');
  cpSync(DEMO_DIR, dir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  const projectFile = join(dir, 'roundtrip.yaml');
  const project = parse(readFileSync(projectFile, 'utf8'));
  for (const user of project.users) user.attributes = { ...user.attributes, email: addressOf(user.username) };
  if (options.smtpPort !== undefined) project.smtp = { host: '127.0.0.1', port: options.smtpPort, from: 'Roundtrip <roundtrip@example.test>' };
  project.server = { publicUrl: PUBLIC_URL };
  writeFileSync(projectFile, stringify(project));
  const appFile = join(dir, 'apps', 'budget.yaml');
  const app = parse(readFileSync(appFile, 'utf8'));
  app.notifications = {
    email: [
      { events: ['submitted'], to: 'approvers' },
      { events: ['applied'], to: 'submitter' },
    ],
  };
  writeFileSync(appFile, stringify(app));
  return dir;
}

describe('e-mail notifications', () => {
  let root: string;
  let smtp: SmtpReceiver;
  let server: TestServer;
  let partner1: ApiClient;
  let partner2: ApiClient;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'roundtrip-email-'));
    smtp = await startSmtpReceiver();
    server = await startTestServer({ projectDir: writeEmailProject(root, { smtpPort: smtp.port }) });
    [partner1, partner2] = await Promise.all([ApiClient.login(server.url, 'partner1'), ApiClient.login(server.url, 'partner2')]);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('e-mails the waiting approvers on submission and the submitter once the request is applied', async () => {
    const lineId = 1201;
    const change = { op: 'update', key: { line_id: lineId }, set: { amount: '10000' }, expect: { amount: await budgetAmount(server.runtime, lineId) } };
    const submitted = await partner1.request('POST', '/api/apps/budget/tables/budget_lines/submissions', { changes: [change], reason: 'plan 10000' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const id: string = submitted.body.requestId;

    const toApprovers = await smtp.waitFor((m) => m.subject.includes(id) && m.subject.includes('submitted'));
    // Every finance partner holds the role of the level now waiting (partner_review); the director does not.
    const partners = server.runtime
      .current()
      .config.users.filter((u) => u.roles.includes('finance_partner'))
      .map((u) => addressOf(u.username));
    expect(partners).toContain(addressOf('partner2'));
    expect(toApprovers.to.sort()).toEqual(partners.sort());
    expect(toApprovers.to).not.toContain(addressOf('director'));
    expect(toApprovers.subject).toContain('budget / budget_lines');
    expect(toApprovers.text).toContain(`Request: ${id}`);
    expect(toApprovers.text).toContain('Amount: 10000');
    expect(toApprovers.text).toContain('Submitted by: partner1');
    expect(toApprovers.text).toContain('Waiting for: partner_review');
    expect(toApprovers.text).toContain(`${PUBLIC_URL}/#/approvals/${id}`);
    expect(toApprovers.html).toContain(`href="${PUBLIC_URL}/#/approvals/${id}"`);

    const approved = await partner2.request('POST', `/api/approvals/${id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const toSubmitter = await smtp.waitFor((m) => m.subject.includes(id) && m.subject.includes('applied'));
    expect(toSubmitter.to).toEqual([addressOf('partner1')]);
    expect(toSubmitter.text).toContain('by partner2');
    expect(toSubmitter.text).not.toContain('Waiting for');
  });

  it("e-mails an action's notice to the users of the roles it names, except the one who ran it", async () => {
    const accountant = await ApiClient.login(server.url, 'accountant');
    const mapped = await accountant.changeset('close', 'account_pl_map', {
      changes: [{ op: 'update', key: { account_id: '8100' }, set: { pl_line_id: 'FIN' }, expect: { pl_line_id: null } }],
    });
    expect(mapped.status).toBe(200);
    const closed = await accountant.request('POST', '/api/apps/close/actions/close_period/run', { params: { period: '2025-12-01' } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toContain('notify:sent');
    const notice = await smtp.waitFor((m) => m.subject.startsWith('Month-end close:'));
    // finance_director, cfo and accountant: the director and the CFO; the accountant closed it.
    expect(notice.to.sort()).toEqual([addressOf('cfo'), addressOf('director')]);
    expect(notice.text).toContain('The month of 2025-12-01 is closed by Alex Accountant: its close adjustments are locked.');
    expect(notice.text).toContain('By: Alex Accountant');
  });

  it('refuses e-mail notifications without an smtp server, on the app file line', () => {
    const dir = writeEmailProject(mkdtempSync(join(tmpdir(), 'roundtrip-email-')), {});
    let error: unknown;
    try {
      loadProject(dir);
    } catch (caught) {
      error = caught;
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CFG_INVALID');
    const issues = (error as AppError).details.issues as { file: string; line: number | null; path: string; message: string }[];
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'apps/budget.yaml', path: 'notifications.email' });
    expect(issues[0]!.line).toBeGreaterThan(0);
    expect(issues[0]!.message).toContain('smtp');
  });
});
