import { describe, expect, it } from 'vitest';
import type { ResolvedApp } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import type { ApprovalRequest, ApprovalStep } from './approval-records.js';
import { mayViewRequest } from './request-visibility.js';

const user = (username: string, roles: string[]): Principal => ({ id: username, username, displayName: username, roles, attributes: {} });
const appWith = (visibleTo = { reviewers: false, roles: [] as string[] }) =>
  ({
    config: { roles: ['partner', 'director', 'cfo', 'auditor', 'viewer'] },
    tables: new Map([['lines', { approvals: { config: { visibleTo } } }]]),
  }) as unknown as ResolvedApp;
const request = (status: ApprovalRequest['status'], currentLevel: number): ApprovalRequest => ({
  requestId: 'r1',
  app: 'budget',
  table: 'lines',
  submittedBy: 'p1',
  submittedAt: '',
  status,
  amount: 30000,
  route: [
    { name: 'review', roles: ['partner'], mode: 'any' },
    { name: 'director', roles: ['director'], mode: 'any' },
  ],
  currentLevel,
  changes: [],
  reason: null,
  resubmits: null,
  changesetId: null,
  updatedAt: '',
  lastSeq: 1,
});
const approvedBy = (actor: string): ApprovalStep[] => [
  { seq: 1, action: 'submit', level: null, actor: 'p1', onBehalfOf: null, actedAt: '', comment: null },
  { seq: 2, action: 'approve', level: 'review', actor, onBehalfOf: null, actedAt: '', comment: null },
];
const view = (
  r: ApprovalRequest,
  viewer: Principal,
  options: { steps?: ApprovalStep[]; app?: ResolvedApp; isAdmin?: boolean; delegators?: Principal[] } = {},
) =>
  mayViewRequest(r, options.steps ?? [], viewer, {
    isAdmin: options.isAdmin ?? false,
    delegators: options.delegators ?? [],
    app: 'app' in options ? options.app : appWith(),
  });

describe('mayViewRequest', () => {
  const partner2 = user('p2', ['partner']);
  const director = user('dir', ['director']);

  it('lets the submitter, admins and the approvers of every level still to approve see a pending request', () => {
    expect(view(request('pending', 0), user('p1', ['partner']))).toBe(true);
    expect(view(request('pending', 0), user('ada', ['admin']), { isAdmin: true })).toBe(true);
    expect(view(request('pending', 0), partner2)).toBe(true);
    expect(view(request('pending', 0), director)).toBe(true);
    expect(view(request('pending', 0), user('v', ['viewer']))).toBe(false);
  });

  it('stops showing it to a reviewer once their level is done, and to approvers once it is closed', () => {
    expect(view(request('pending', 1), partner2, { steps: approvedBy('p2') })).toBe(false);
    expect(view(request('applied', 2), director)).toBe(false);
    expect(view(request('applied', 2), user('p1', ['partner']))).toBe(true);
  });

  it('lets a delegate of an approver still to approve see it', () => {
    expect(view(request('pending', 1), user('stand-in', ['viewer']), { delegators: [director] })).toBe(true);
  });

  it('shows reviewers and extra roles only when the table says so', () => {
    const app = appWith({ reviewers: true, roles: ['auditor'] });
    expect(view(request('applied', 2), partner2, { steps: approvedBy('p2'), app })).toBe(true);
    expect(view(request('applied', 2), user('p3', ['partner']), { steps: approvedBy('p2'), app })).toBe(false);
    expect(view(request('rejected', 0), user('aud', ['auditor']), { app })).toBe(true);
  });

  it('shows nothing of an app the viewer may no longer open, or that is gone (admins excepted)', () => {
    expect(view(request('pending', 0), user('p1', ['outsider']))).toBe(false);
    expect(view(request('pending', 0), user('p1', ['partner']), { app: undefined })).toBe(false);
    expect(view(request('pending', 0), user('ada', ['admin']), { app: undefined, isAdmin: true })).toBe(true);
  });
});
