import { describe, expect, it } from 'vitest';
import type { StoredUser } from '../governance/identity/user-store.js';
import type { ApprovalRequest } from './approval-records.js';
import { buildEmail, buildRecipients } from './build-email.js';
import type { ApprovalEvent } from './webhooks.js';

const request = (overrides: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  requestId: 'req-1',
  app: 'budget',
  table: 'budget_lines',
  submittedBy: 'clerk',
  submittedAt: '2026-01-01T00:00:00.000Z',
  status: 'pending',
  amount: 1500,
  route: [{ name: 'review', roles: ['manager'], mode: 'any' }],
  currentLevel: 0,
  changes: [],
  reason: 'new <plan>',
  resubmits: null,
  changesetId: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastSeq: 1,
  ...overrides,
});
const event = (overrides: Partial<ApprovalRequest> = {}, kind: ApprovalEvent['event'] = 'submitted'): ApprovalEvent => ({
  event: kind,
  request: request(overrides),
  actor: 'clerk',
  level: null,
  comment: null,
  at: '2026-01-01T00:00:00.000Z',
});
const user = (username: string, roles: string[], email?: unknown, disabled = false) =>
  ({ username, roles, disabled, attributes: email === undefined ? {} : { email } }) as unknown as StoredUser;
const users = [
  user('clerk', ['clerk'], 'clerk@x.test'),
  user('m1', ['manager'], 'm1@x.test'),
  user('m2', ['manager']),
  user('m3', ['manager'], 'm3@x.test', true),
];

describe('buildRecipients', () => {
  it('names the enabled holders of the waiting level with an email attribute', () => {
    expect(buildRecipients('approvers', event(), users)).toEqual(['m1@x.test']);
  });
  it('names nobody as approver once the request left pending', () => {
    expect(buildRecipients('approvers', event({ status: 'applied', currentLevel: 1 }, 'applied'), users)).toEqual([]);
  });
  it('names the submitter, or a literal address', () => {
    expect(buildRecipients('submitter', event(), users)).toEqual(['clerk@x.test']);
    expect(buildRecipients('ops@x.test', event(), [])).toEqual(['ops@x.test']);
  });
});

describe('buildEmail', () => {
  it('links to the request under the public address and escapes the HTML', () => {
    const message = buildEmail(event(), ['m1@x.test'], 'https://bi.x.test/');
    expect(message.subject).toBe('Request req-1 submitted for approval (budget / budget_lines)');
    expect(message.text).toContain('Open it: https://bi.x.test/#/approvals/req-1');
    expect(message.html).toContain('new &#60;plan&#62;');
  });
  it('omits the link without a public address', () => {
    const message = buildEmail(event(), ['m1@x.test'], undefined);
    expect(message.text).not.toContain('#/approvals');
    expect(message.html).not.toContain('href');
  });
});
