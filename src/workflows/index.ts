export {
  summarizeRequest,
  type ApprovalRequest,
  type ApprovalStep,
  type RequestStatus,
  type RequestSummary,
  type RouteLevel,
  type StepAction,
} from './approval-records.js';
export { APPROVAL_TABLES, DELEGATIONS_TABLE } from './approval-tables.js';
export { availableActions } from './approver-rights.js';
export { approveRequest, fetchRequestOrFail, type ActionOptions, type RequestGuard } from './approve-request.js';
export { bulkApprove, type BulkOptions, type BulkResult } from './bulk-approve.js';
export { buildRoute, submissionAmount } from './build-route.js';
export { createWorkflowContext, type WorkflowSetup } from './create-workflow-context.js';
export { clearDelegation, fetchDelegations, fetchDelegators, setDelegation, type Delegation } from './delegations.js';
export { describeRequest } from './describe-request.js';
export { assertDirectWriteAllowed } from './direct-writes.js';
export { createEmailNotifier, type EmailNotifier, type SmtpSettings } from './email-notifications.js';
export { fetchSteps } from './fetch-requests.js';
export { listRequests, type RequestView } from './list-requests.js';
export { assertMayViewRequest, mayViewRequest, requestNotFound, type ViewerContext } from './request-visibility.js';
export { rejectRequest } from './reject-request.js';
export { runAction, type ActionResult } from './run-action.js';
export { submitRequest, type Submission } from './submit-request.js';
export { sweepApprovals, type SweepReport } from './sweep-approvals.js';
export { signBody, SIGNATURE_HEADER, type ApprovalEvent } from './webhooks.js';
export { withdrawRequest } from './withdraw-request.js';
export { approvalStore, type WorkflowContext } from './workflow-context.js';
