import type { ResolvedApp } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { canOpenApp, hasAnyRole, type Principal } from '../governance/principal.js';
import type { ApprovalRequest, ApprovalStep } from './approval-records.js';
import { holdsLevelRole, type Approver } from './approver-rights.js';
import { fetchDelegators } from './delegations.js';
import { fetchSteps } from './fetch-requests.js';
import { approvalStore, type WorkflowContext } from './workflow-context.js';

export interface ViewerContext {
  /** Admins see every request. */
  isAdmin: boolean;
  /** Users who delegated their approvals to the viewer (active delegations only). */
  delegators: readonly Approver[];
  /** The request's app as currently defined (undefined once it is gone). */
  app: ResolvedApp | undefined;
}

/**
 * Who may see a request (its detail, its place in a list):
 * admins; otherwise only users who may open its app, and of those the
 * submitter, and, while it is pending, whoever holds a role of a level still
 * to approve (the waiting one or a later one), in their own right or as a
 * delegate. The table's `approvals.visibleTo` may add those who approved or
 * rejected it (`reviewers`) and roles that see every request (`roles`).
 * Everyone else gets `WF_REQUEST_NOT_FOUND`, as for an id that does not
 * exist. Pure.
 */
export function mayViewRequest(
  request: Pick<ApprovalRequest, 'table' | 'submittedBy' | 'status' | 'route' | 'currentLevel'>,
  steps: readonly Pick<ApprovalStep, 'action' | 'actor' | 'onBehalfOf'>[],
  viewer: Principal,
  context: ViewerContext,
): boolean {
  if (context.isAdmin) return true;
  const { app } = context;
  if (!app || !canOpenApp(viewer, app)) return false;
  if (request.submittedBy === viewer.username) return true;
  if (request.status === 'pending') {
    const remaining = request.route.slice(request.currentLevel);
    const holders = [viewer, ...context.delegators];
    if (remaining.some((level) => holders.some((user) => holdsLevelRole(user, level)))) return true;
  }
  const visibleTo = app.tables.get(request.table)?.approvals?.config.visibleTo;
  if (!visibleTo) return false;
  if (hasAnyRole(viewer, visibleTo.roles)) return true;
  return (
    visibleTo.reviewers &&
    steps.some((s) => (s.action === 'approve' || s.action === 'reject') && (s.actor === viewer.username || s.onBehalfOf === viewer.username))
  );
}

/**
 * Throws `WF_REQUEST_NOT_FOUND` (the answer for an id that does not exist)
 * unless `viewer` may see the request; returns its steps and the viewer's
 * delegators, which callers need next.
 */
export async function assertMayViewRequest(
  context: WorkflowContext,
  request: ApprovalRequest,
  viewer: Principal,
  isAdmin: boolean,
): Promise<{ steps: ApprovalStep[]; delegators: Approver[] }> {
  const [steps, delegators] = await Promise.all([
    fetchSteps(approvalStore(context), [request.requestId]).then((byId) => byId.get(request.requestId) ?? []),
    fetchDelegators(context.system, viewer.username),
  ]);
  if (!mayViewRequest(request, steps, viewer, { isAdmin, delegators, app: context.project().apps.get(request.app) })) throw requestNotFound(request.requestId);
  return { steps, delegators };
}

/** The answer for a request id that does not exist, or that names a request the user may not see. */
export function requestNotFound(requestId: string): AppError {
  return new AppError('WF_REQUEST_NOT_FOUND', `No approval request ${requestId}.`, { requestId });
}
