import { describe, expect, it } from 'vitest';
import type { ResolvedProject } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import type { ApprovalNotice, ChangeEvent } from '../writeback/change-event.js';
import { visibleApproval } from './visible-approval.js';

const user = (username: string, roles: string[]): Principal => ({ id: username, username, displayName: username, roles, attributes: {} });
const project = {
  apps: new Map([['budget', { config: { roles: ['partner', 'director', 'admin', 'viewer'] }, tables: new Map([['lines', { approvals: { config: {} } }]]) }]]),
} as unknown as ResolvedProject;
const event = (notice: Partial<ApprovalNotice>): ChangeEvent => ({
  app: 'budget',
  table: 'lines',
  qualifiedTable: '',
  changesetId: 'r1',
  user: 'p1',
  keys: [],
  rows: [],
  approval: {
    requestId: 'r1',
    action: 'submitted',
    status: 'pending',
    submittedBy: 'p1',
    route: [
      { name: 'review', roles: ['partner'], mode: 'any' },
      { name: 'director', roles: ['director'], mode: 'any' },
    ],
    currentLevel: 0,
    previousLevel: null,
    reviewers: [],
    delegations: [],
    ...notice,
  },
});
const sees = (viewer: Principal, e: ChangeEvent) => visibleApproval(project, viewer, e) !== undefined;

describe('visibleApproval', () => {
  it('tells the submitter, level holders, delegates and admins, and no one else', () => {
    const submitted = event({});
    expect(sees(user('p1', ['partner']), submitted)).toBe(true);
    expect(sees(user('p2', ['partner']), submitted)).toBe(true);
    expect(sees(user('d1', ['director']), submitted)).toBe(true);
    expect(sees(user('a1', ['admin']), submitted)).toBe(true);
    expect(sees(user('v1', ['viewer']), submitted)).toBe(false);
    const delegated = event({ delegations: [{ delegate: 'v1', delegator: 'd1', roles: ['director'] }] });
    expect(sees(user('v1', ['viewer']), delegated)).toBe(true);
    expect(sees(user('v2', ['viewer']), delegated)).toBe(false);
  });

  it('tells who could see the request just before it closed, and sends no row values', () => {
    const withdrawn = event({ action: 'withdrawn', status: 'withdrawn', currentLevel: 1, previousLevel: 1 });
    expect(sees(user('d1', ['director']), withdrawn)).toBe(true);
    expect(sees(user('p2', ['partner']), withdrawn)).toBe(false);
    expect(visibleApproval(project, user('d1', ['director']), withdrawn)).toEqual({
      requestId: 'r1',
      app: 'budget',
      table: 'lines',
      action: 'withdrawn',
      status: 'withdrawn',
      user: 'p1',
    });
    const applied = event({ action: 'applied', status: 'applied', currentLevel: 2, previousLevel: null });
    expect(sees(user('d1', ['director']), applied)).toBe(false);
    expect(sees(user('p1', ['partner']), applied)).toBe(true);
  });
});
