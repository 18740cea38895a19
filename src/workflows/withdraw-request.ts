import { AppError } from '../errors/index.js';
import type { Principal } from '../governance/principal.js';
import type { ApprovalRequest } from './approval-records.js';
import { fetchRequestOrFail, type ActionOptions } from './approve-request.js';
import { recordTransition } from './record-steps.js';
import { auditSchema, retryOnRace, type WorkflowContext } from './workflow-context.js';

/** The submitter takes back a pending request; nothing is applied. */
export async function withdrawRequest(
  context: WorkflowContext,
  requestId: string,
  principal: Principal,
  comment: string | null,
  options: ActionOptions = {},
): Promise<ApprovalRequest> {
  const now = options.now ?? new Date();
  const withdrawn = await retryOnRace(async () => {
    const request = await fetchRequestOrFail(context, requestId);
    options.guard?.(request);
    if (request.submittedBy !== principal.username) throw new AppError('WF_NOT_SUBMITTER', 'Only the submitter may withdraw a request.', { requestId });
    if (request.status !== 'pending') {
      throw new AppError('WF_REQUEST_CLOSED', `Request ${requestId} is ${request.status}; only pending requests can be withdrawn.`, {
        requestId,
        status: request.status,
      });
    }
    return recordTransition(
      context.warehouse,
      auditSchema(context),
      request,
      [{ action: 'withdraw', level: null, actor: principal.username, onBehalfOf: null, comment }],
      { status: 'withdrawn' },
      now,
    );
  });
  context.notify({ event: 'withdrawn', request: withdrawn, actor: principal.username, level: null, comment, at: now.toISOString() });
  return withdrawn;
}
