import type { ResolvedApp, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { expressionUser, type Principal } from '../governance/principal.js';
import { checkChangeset } from '../writeback/apply-changeset.js';
import type { Change } from '../writeback/changeset-schema.js';
import { uuid7 } from '../writeback/uuid7.js';
import { RESUBMITTABLE, type ApprovalRequest, type RequestSummary, summarizeRequest } from './approval-records.js';
import { applyApproved } from './apply-request.js';
import { buildRoute, submissionAmount } from './build-route.js';
import { fetchRequest } from './fetch-requests.js';
import { insertRequest } from './record-steps.js';
import { approvalStore, auditSchema, type WorkflowContext } from './workflow-context.js';

export interface Submission {
  changes: Change[];
  reason?: string;
  /** A rejected, withdrawn, conflicting or expired request of the same submitter that this one replaces. */
  resubmits?: string;
}

/**
 * Stages a changeset for approval. It is authorised and validated exactly as
 * a write (a dry run of the pipeline: statements run and are rolled back), so
 * every refusal surfaces now; then its amount and route are computed and the
 * request is stored with the `expect` values of now. A route with no level
 * applies at once.
 */
export async function submitRequest(
  context: WorkflowContext,
  app: ResolvedApp,
  table: ResolvedTable,
  principal: Principal,
  submission: Submission,
  now = new Date(),
): Promise<RequestSummary> {
  const approvals = table.approvals;
  if (!approvals) throw new AppError('WF_NO_APPROVAL_CHAIN', `${table.title} has no approval chain: write changes directly.`, { table: table.name });
  if (submission.resubmits) await assertResubmittable(context, app, table, principal, submission.resubmits);
  const check = await checkChangeset(context.writeContext(app, table, principal, { viaApproval: true }), {
    changes: submission.changes,
    reason: submission.reason,
  });
  if (check.changes === 0) throw new AppError('REQ_INVALID', 'Every change sets the value it expects: there is nothing to submit.');
  const amount = submissionAmount(table, approvals, check.rows);
  const route = buildRoute(approvals, { amount, user: expressionUser(principal), changes: submission.changes });
  const at = now.toISOString();
  const request: ApprovalRequest = {
    requestId: uuid7(now.getTime()),
    app: app.name,
    table: table.name,
    submittedBy: principal.username,
    submittedAt: at,
    status: route.length > 0 ? 'pending' : 'approved',
    amount,
    route,
    currentLevel: 0,
    changes: submission.changes,
    reason: submission.reason ?? null,
    resubmits: submission.resubmits ?? null,
    changesetId: null,
    updatedAt: at,
    lastSeq: 1,
  };
  try {
    await insertRequest(context.warehouse, auditSchema(context), request, {
      action: 'submit',
      level: null,
      actor: principal.username,
      onBehalfOf: null,
      comment: submission.reason ?? null,
    });
  } catch (error) {
    // The resubmits column is unique: a concurrent resubmission of the same request won.
    if (error instanceof AppError && error.code === 'DRV_UNIQUE_VIOLATION' && submission.resubmits) {
      throw new AppError('WF_REQUEST_CLOSED', `Request ${submission.resubmits} was already resubmitted.`, { requestId: submission.resubmits });
    }
    throw error;
  }
  context.notify({ event: 'submitted', request, actor: principal.username, level: null, comment: request.reason, at });
  if (request.status === 'approved') return summarizeRequest(await applyApproved(context, request, principal.username, now, principal));
  return summarizeRequest(request);
}

async function assertResubmittable(context: WorkflowContext, app: ResolvedApp, table: ResolvedTable, principal: Principal, previousId: string): Promise<void> {
  const previous = await fetchRequest(approvalStore(context), previousId);
  if (!previous || previous.app !== app.name || previous.table !== table.name) {
    throw new AppError('WF_REQUEST_NOT_FOUND', `No request ${previousId} on ${table.title} to resubmit.`, { requestId: previousId });
  }
  if (previous.submittedBy !== principal.username)
    throw new AppError('WF_NOT_SUBMITTER', 'Only the submitter may resubmit a request.', { requestId: previousId });
  if (!RESUBMITTABLE.has(previous.status)) {
    throw new AppError(
      'WF_REQUEST_CLOSED',
      `Request ${previousId} is ${previous.status}; only rejected, withdrawn, conflicting or expired requests can be resubmitted.`,
      {
        requestId: previousId,
        status: previous.status,
      },
    );
  }
}
