import { AppError } from '../errors/index.js';
import type { Principal } from '../governance/principal.js';
import { summarizeRequest, type RequestSummary } from './approval-records.js';
import { approveRequest, type ActionOptions } from './approve-request.js';
import type { WorkflowContext } from './workflow-context.js';

export type BulkResult =
  | { requestId: string; ok: true; request: RequestSummary }
  | { requestId: string; ok: false; error: { code: string; message: string; details: Record<string, unknown> } };

export interface BulkOptions extends ActionOptions {
  /** The details a refusal shows its client (default: the error's own); the server adds a request id where it withholds a cause. */
  detailsOf?: (error: AppError) => Record<string, unknown>;
}

/**
 * Approves each request in turn, each checked exactly like a single approval;
 * one refusal (or failure) does not stop the others.
 */
export async function bulkApprove(
  context: WorkflowContext,
  requestIds: readonly string[],
  principal: Principal,
  comment: string | null,
  options: BulkOptions = {},
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const requestId of new Set(requestIds)) {
    try {
      results.push({ requestId, ok: true, request: summarizeRequest(await approveRequest(context, requestId, principal, comment, options)) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ requestId, ok: false, error: { code: error.code, message: error.message, details: options.detailsOf?.(error) ?? error.details } });
    }
  }
  return results;
}
