import type { Principal } from '../governance/principal.js';
import type { ApprovalRequest, NewStep } from './approval-records.js';
import { fetchRequestOrFail, type ActionOptions } from './approve-request.js';
import { findApprovalRight } from './approver-rights.js';
import { fetchDelegators } from './delegations.js';
import { fetchSteps } from './fetch-requests.js';
import { recordTransition } from './record-steps.js';
import { approvalStore, auditSchema, retryOnRace, type WorkflowContext } from './workflow-context.js';

/**
 * Rejects the request at its current level with a reason (kept as the
 * `reject` step's comment). Nothing is applied; the submitter may resubmit.
 * Anyone who may approve the current level may reject it.
 */
export async function rejectRequest(
  context: WorkflowContext,
  requestId: string,
  principal: Principal,
  reason: string,
  options: ActionOptions = {},
): Promise<ApprovalRequest> {
  const now = options.now ?? new Date();
  const rejected = await retryOnRace(async () => {
    const request = await fetchRequestOrFail(context, requestId);
    options.guard?.(request);
    const steps = (await fetchSteps(approvalStore(context), [requestId])).get(requestId) ?? [];
    const delegators = await fetchDelegators(context.system, principal.username, now);
    const { onBehalfOf = null } = findApprovalRight(request, steps, principal, { delegators, forRejection: true });
    const level = request.route[request.currentLevel]!.name;
    const newSteps: NewStep[] = [];
    if (onBehalfOf) newSteps.push({ action: 'delegate', level, actor: principal.username, onBehalfOf, comment: `rejects as delegate of ${onBehalfOf}` });
    newSteps.push({ action: 'reject', level, actor: principal.username, onBehalfOf, comment: reason });
    return recordTransition(context.warehouse, auditSchema(context), request, newSteps, { status: 'rejected' }, now);
  });
  context.notify({
    event: 'rejected',
    request: rejected,
    actor: principal.username,
    level: rejected.route[rejected.currentLevel]?.name ?? null,
    comment: reason,
    at: now.toISOString(),
  });
  return rejected;
}
