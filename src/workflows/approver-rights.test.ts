import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, ApprovalStep } from './approval-records.js';
import { findApprovalRight, isLevelComplete } from './approver-rights.js';

const request: ApprovalRequest = {
  requestId: 'r1',
  app: 'budget',
  table: 'budget_lines',
  submittedBy: 'ann',
  submittedAt: '2026-01-01T00:00:00.000Z',
  status: 'pending',
  amount: 60000,
  route: [
    { name: 'review', roles: ['partner'], mode: 'any' },
    { name: 'board', roles: ['director'], mode: 'all' },
  ],
  currentLevel: 0,
  changes: [],
  reason: null,
  resubmits: null,
  changesetId: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastSeq: 1,
};
const approve = (actor: string, level: string, onBehalfOf: string | null = null): ApprovalStep => ({
  seq: 2,
  action: 'approve',
  level,
  actor,
  onBehalfOf,
  actedAt: '',
  comment: null,
});
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('findApprovalRight', () => {
  it('allows a holder of the level role who is not the submitter', () => {
    expect(findApprovalRight(request, [], { username: 'bob', roles: ['partner'] }, { delegators: [] })).toEqual({});
    expect(code(() => findApprovalRight(request, [], { username: 'ann', roles: ['partner'] }, { delegators: [] }))).toBe('WF_SELF_APPROVAL');
    expect(code(() => findApprovalRight(request, [], { username: 'cy', roles: ['director'] }, { delegators: [] }))).toBe('WF_NOT_APPROVER');
  });

  it('lets a delegate act for a delegator with the role, never for the submitter', () => {
    expect(findApprovalRight(request, [], { username: 'cy', roles: [] }, { delegators: [{ username: 'bob', roles: ['partner'] }] })).toEqual({
      onBehalfOf: 'bob',
    });
    expect(code(() => findApprovalRight(request, [], { username: 'cy', roles: [] }, { delegators: [{ username: 'ann', roles: ['partner'] }] }))).toBe(
      'WF_NOT_APPROVER',
    );
  });

  it('refuses a second approval by the same person (or the person a delegate acted for), but not their rejection', () => {
    const atBoard = { ...request, currentLevel: 1 };
    const steps = [approve('cy', 'review', 'bob')];
    expect(code(() => findApprovalRight(atBoard, steps, { username: 'bob', roles: ['director'] }, { delegators: [] }))).toBe('WF_ALREADY_APPROVED');
    expect(code(() => findApprovalRight(atBoard, steps, { username: 'cy', roles: ['director'] }, { delegators: [] }))).toBe('WF_ALREADY_APPROVED');
    expect(findApprovalRight(atBoard, steps, { username: 'cy', roles: ['director'] }, { delegators: [], forRejection: true })).toEqual({});
  });

  it('refuses any action on a request that is not pending', () => {
    expect(code(() => findApprovalRight({ ...request, status: 'rejected' }, [], { username: 'bob', roles: ['partner'] }, { delegators: [] }))).toBe(
      'WF_REQUEST_CLOSED',
    );
  });
});

describe('isLevelComplete', () => {
  const board = request.route[1]!;
  const eligible = [
    { username: 'dee', roles: ['director'] },
    { username: 'eve', roles: ['director'] },
    { username: 'fay', roles: ['partner'] },
  ];
  it('completes a mode any level with one approval', () => {
    expect(isLevelComplete(request.route[0]!, [approve('bob', 'review')], eligible)).toBe(true);
  });
  it('completes a mode all level when every eligible holder of the role approved, delegates counting for their delegator', () => {
    expect(isLevelComplete(board, [approve('dee', 'board')], eligible)).toBe(false);
    expect(isLevelComplete(board, [approve('dee', 'board'), approve('zed', 'board', 'eve')], eligible)).toBe(true);
    expect(isLevelComplete(board, [], [])).toBe(false);
  });
});
