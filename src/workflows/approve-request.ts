import { AppError } from '../errors/index.js';
import { fetchUsers } from '../governance/identity/user-store.js';
import type { Principal } from '../governance/principal.js';
import type { ApprovalRequest, NewStep } from './approval-records.js';
import { applyApproved } from './apply-request.js';
import { findApprovalRight, isLevelComplete, type Approver } from './approver-rights.js';
import { fetchDelegators } from './delegations.js';
import { fetchRequest, fetchSteps } from './fetch-requests.js';
import { recordTransition } from './record-steps.js';
import { approvalStore, auditSchema, retryOnRace, type WorkflowContext } from './workflow-context.js';

/** Throws when the caller may not act on this request at all (e.g. an API token scoped to other apps). */
export type RequestGuard = (request: ApprovalRequest) => void;

export interface ActionOptions {
  guard?: RequestGuard;
  now?: Date;
}

/**
 * Approves the request's current level as `principal` (or as delegate of a
 * user who holds the level's role; recorded as a `delegate` step before the
 * `approve`). The last approval of the last level applies the changes through
 * the write pipeline as the submitter; a conflict there is rethrown (409
 * `WB_CONFLICT`) after the request became `conflict`.
 */
export async function approveRequest(
  context: WorkflowContext,
  requestId: string,
  principal: Principal,
  comment: string | null,
  options: ActionOptions = {},
): Promise<ApprovalRequest> {
  const now = options.now ?? new Date();
  const approved = await retryOnRace(() => recordApproval(context, requestId, principal, comment, now, options.guard));
  if (approved.status !== 'approved') return approved;
  return applyApproved(context, approved, principal.username, now, principal);
}

async function recordApproval(
  context: WorkflowContext,
  requestId: string,
  principal: Principal,
  comment: string | null,
  now: Date,
  guard?: RequestGuard,
): Promise<ApprovalRequest> {
  const store = approvalStore(context);
  const request = await fetchRequestOrFail(context, requestId);
  guard?.(request);
  const steps = (await fetchSteps(store, [requestId])).get(requestId) ?? [];
  const delegators = await fetchDelegators(context.system, principal.username, now);
  const right = findApprovalRight(request, steps, principal, { delegators });
  const level = request.route[request.currentLevel]!;
  const onBehalfOf = right.onBehalfOf ?? null;
  const newSteps: NewStep[] = [];
  if (onBehalfOf)
    newSteps.push({ action: 'delegate', level: level.name, actor: principal.username, onBehalfOf, comment: `approves as delegate of ${onBehalfOf}` });
  newSteps.push({ action: 'approve', level: level.name, actor: principal.username, onBehalfOf, comment });
  const after = [...steps, ...newSteps.map((s, i) => ({ ...s, seq: request.lastSeq + i + 1, actedAt: now.toISOString() }))];
  const eligible = level.mode === 'all' ? await eligibleApprovers(context, request) : [];
  const complete = isLevelComplete(level, after, eligible);
  const next = request.currentLevel + 1;
  const update = !complete ? {} : next < request.route.length ? { currentLevel: next } : { currentLevel: next, status: 'approved' as const };
  const recorded = await recordTransition(context.warehouse, auditSchema(context), request, newSteps, update, now);
  context.notify({ event: 'approved', request: recorded, actor: principal.username, level: level.name, comment, at: now.toISOString() });
  return recorded;
}

/** Enabled users other than the submitter: whoever of them holds a level's role must approve a mode all level. */
async function eligibleApprovers(context: WorkflowContext, request: ApprovalRequest): Promise<Approver[]> {
  const users = await fetchUsers(context.system);
  return users.filter((u) => !u.disabled && u.username !== request.submittedBy).map((u) => ({ username: u.username, roles: u.roles }));
}

export async function fetchRequestOrFail(context: WorkflowContext, requestId: string): Promise<ApprovalRequest> {
  const request = await fetchRequest(approvalStore(context), requestId);
  if (!request) throw new AppError('WF_REQUEST_NOT_FOUND', `No approval request ${requestId}.`, { requestId });
  return request;
}
