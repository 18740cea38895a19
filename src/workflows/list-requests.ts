import type { Principal } from '../governance/principal.js';
import type { ApprovalRequest, RequestStatus } from './approval-records.js';
import { findApprovalRight } from './approver-rights.js';
import { fetchDelegators } from './delegations.js';
import { fetchRequests, fetchSteps } from './fetch-requests.js';
import { describeListEntries, type RequestListEntry } from './list-previews.js';
import { mayViewRequest } from './request-visibility.js';
import { approvalStore, type WorkflowContext } from './workflow-context.js';

/** inbox: pending requests the user may approve now; mine: the user's submissions; all: every request (admins). */
export type RequestView = 'inbox' | 'mine' | 'all';

export interface ListOptions {
  view: RequestView;
  app?: string;
  table?: string;
  status?: RequestStatus;
  limit: number;
  /** Whether the caller holds the admin role (admins see every request). */
  isAdmin: boolean;
  /** Drops requests the caller may not see at all (e.g. apps outside an API token's scope). */
  visible?: (request: ApprovalRequest) => boolean;
  now?: Date;
}

/**
 * The requests of one view, newest first, each one the caller may see by the
 * same rule as its detail (`mayViewRequest`). Callers check that only admins
 * ask for `all`. Each comes with what a reviewer needs to tell it apart
 * (see `describeListEntries`), read through the viewer's read policy.
 */
export async function listRequests(context: WorkflowContext, principal: Principal, options: ListOptions): Promise<RequestListEntry[]> {
  const store = approvalStore(context);
  const filter = { app: options.app, table: options.table, statuses: options.status ? [options.status] : undefined };
  let candidates: ApprovalRequest[];
  if (options.view === 'mine') candidates = await fetchRequests(store, { ...filter, submittedBy: principal.username, limit: options.limit });
  else if (options.view === 'all') candidates = await fetchRequests(store, { ...filter, limit: options.limit });
  else if (options.status && options.status !== 'pending') return [];
  else candidates = await fetchRequests(store, { ...filter, statuses: ['pending'], limit: 5000 });
  candidates = candidates.filter(options.visible ?? (() => true));
  const steps = await fetchSteps(
    store,
    candidates.map((r) => r.requestId),
  );
  const delegators = await fetchDelegators(context.system, principal.username, options.now);
  const stepsOf = (request: ApprovalRequest) => steps.get(request.requestId) ?? [];
  const viewer = { isAdmin: options.isAdmin, delegators };
  let shown = candidates.filter((r) => mayViewRequest(r, stepsOf(r), principal, { ...viewer, app: context.project().apps.get(r.app) }));
  if (options.view === 'inbox') {
    shown = shown.filter((request) => {
      try {
        findApprovalRight(request, stepsOf(request), principal, { delegators });
        return true;
      } catch {
        return false;
      }
    });
  }
  const viewerReads = { principal, identity: context.identityFor(principal) };
  return describeListEntries(context.warehouse, context.system, context.project(), shown.slice(0, options.limit), viewerReads);
}
