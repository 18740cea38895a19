import type { ResolvedProject } from '../app-model/index.js';
import { hasAnyRole, type Principal } from '../governance/principal.js';
import type { ApprovalNotice, ChangeEvent } from '../writeback/change-event.js';
import type { RequestStatus } from '../workflows/approval-records.js';
import { mayViewRequest } from '../workflows/request-visibility.js';

/** The admin role (see `auth-plugin.ts`): admins see every request. */
const ADMIN_ROLE = 'admin';

/** What a viewer learns of something that happened to a request they may see: which request, what happened, its status now. */
export interface ClientApproval {
  requestId: string;
  app: string;
  table: string;
  action: ApprovalNotice['action'];
  status: string;
  user: string;
}

/**
 * The `approval` message for one viewer, by the rule that decides who sees a
 * request (`mayViewRequest`), applied to the request as it is now and as it
 * was just before the event; undefined for anyone else.
 */
export function visibleApproval(project: ResolvedProject, principal: Principal, event: ChangeEvent): ClientApproval | undefined {
  const notice = event.approval;
  if (!notice) return undefined;
  const request = {
    table: event.table,
    submittedBy: notice.submittedBy,
    status: notice.status as RequestStatus,
    route: notice.route,
    currentLevel: notice.currentLevel,
  };
  const steps = notice.reviewers.map((actor) => ({ action: 'approve' as const, actor, onBehalfOf: null }));
  const delegators = notice.delegations.filter((d) => d.delegate === principal.username).map((d) => ({ username: d.delegator, roles: d.roles }));
  const context = { isAdmin: hasAnyRole(principal, [ADMIN_ROLE]), delegators, app: project.apps.get(event.app) };
  // Who could see it just before (an approver with the request open) hears that it moved on, too.
  const before = notice.previousLevel === null ? undefined : { ...request, status: 'pending' as const, currentLevel: notice.previousLevel };
  const visible = mayViewRequest(request, steps, principal, context) || (before !== undefined && mayViewRequest(before, steps, principal, context));
  if (!visible) return undefined;
  return { requestId: notice.requestId, app: event.app, table: event.table, action: notice.action, status: notice.status, user: event.user };
}
