import type { Principal } from '../governance/principal.js';
import { summarizeRequest, type ApprovalRequest, type RequestStatus, type RequestSummary } from './approval-records.js';
import { findApprovalRight, holdsLevelRole, type Approver } from './approver-rights.js';
import { fetchDelegators } from './delegations.js';
import { fetchRequests, fetchSteps } from './fetch-requests.js';
import { approvalStore, type WorkflowContext } from './workflow-context.js';

/** inbox: pending requests the user may approve now; mine: the user's submissions; all: every request (admins). */
export type RequestView = 'inbox' | 'mine' | 'all';

export interface ListOptions {
  view: RequestView;
  app?: string;
  table?: string;
  status?: RequestStatus;
  limit: number;
  /** Drops requests the caller may not see at all (e.g. apps outside an API token's scope). */
  visible?: (request: ApprovalRequest) => boolean;
  now?: Date;
}

/** The requests of one view, newest first. Callers check that only admins ask for `all`. */
export async function listRequests(context: WorkflowContext, principal: Principal, options: ListOptions): Promise<RequestSummary[]> {
  const store = approvalStore(context);
  const visible = options.visible ?? (() => true);
  const filter = { app: options.app, table: options.table, statuses: options.status ? [options.status] : undefined };
  if (options.view === 'mine')
    return (await fetchRequests(store, { ...filter, submittedBy: principal.username, limit: options.limit })).filter(visible).map(summarizeRequest);
  if (options.view === 'all') return (await fetchRequests(store, { ...filter, limit: options.limit })).filter(visible).map(summarizeRequest);
  if (options.status && options.status !== 'pending') return [];
  const pending = (await fetchRequests(store, { ...filter, statuses: ['pending'], limit: 5000 })).filter(visible);
  const steps = await fetchSteps(
    store,
    pending.map((r) => r.requestId),
  );
  const delegators = await fetchDelegators(context.system, principal.username, options.now);
  const mayApprove = (request: ApprovalRequest) => {
    try {
      findApprovalRight(request, steps.get(request.requestId) ?? [], principal, { delegators });
      return true;
    } catch {
      return false;
    }
  };
  return pending.filter(mayApprove).slice(0, options.limit).map(summarizeRequest);
}

/**
 * Who may read a request: its submitter, admins, and whoever holds a role of
 * any level of its route, in their own right or as a delegate.
 */
export function mayViewRequest(request: ApprovalRequest, principal: Principal, delegators: readonly Approver[], isAdmin: boolean): boolean {
  if (isAdmin || request.submittedBy === principal.username) return true;
  return request.route.some((level) => holdsLevelRole(principal, level) || delegators.some((d) => holdsLevelRole(d, level)));
}
