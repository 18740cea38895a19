import { AppError } from '../errors/index.js';
import { AUDIT_TABLES } from '../governance/audit/index.js';
import { principalOf } from '../governance/identity/local-users.js';
import { lendWarehouseToken } from '../governance/identity/principal-tokens.js';
import type { Principal } from '../governance/principal.js';
import { fetchUser } from '../governance/identity/user-store.js';
import { renderSql, sql, table as tableRef } from '../warehouse/sql.js';
import { applyChangeset } from '../writeback/apply-changeset.js';
import { APPROVAL_KEY_PREFIX } from '../writeback/changeset-schema.js';
import type { ApprovalRequest, ApprovalStep } from './approval-records.js';
import { fetchRequest, fetchSteps } from './fetch-requests.js';
import { recordTransition } from './record-steps.js';
import { approvalStore, auditSchema, resolveRequestTarget, retryOnRace, type WorkflowContext } from './workflow-context.js';

/** Refusals that mean "these changes no longer apply as submitted"; anything else (outages, timeouts) is retried by the sweep. */
const TRANSIENT = new Set(['DRV_TRANSACTION_CONFLICT', 'DRV_CONNECTION', 'DRV_TIMEOUT']);

/**
 * Applies a fully approved request through the write pipeline as its
 * submitter (their policies, their row rules), with the `expect` values of
 * submission time, so a cell changed since is a conflict and is never
 * overwritten. The idempotency key `approval:<requestId>` makes a retried
 * apply (after a crash, or by the sweep) write once.
 *
 * Success: status `applied` with the changeset id. A refusal (conflict, row
 * gone, rule or policy no longer met): status `conflict`, nothing written,
 * and the refusal is rethrown with `details.requestId`. An outage leaves the
 * request `approved` for the sweep to retry.
 *
 * Where the warehouse runs statements with the user's own OAuth token, the
 * changes are written with the token of `releasedBy`, whose decision released
 * them (the submitter's own token is in their session only); the sweep has
 * none, so a request it retries there becomes a conflict to resubmit.
 */
export async function applyApproved(
  context: WorkflowContext,
  request: ApprovalRequest,
  actor: string,
  now = new Date(),
  releasedBy?: Principal,
): Promise<ApprovalRequest> {
  const store = approvalStore(context);
  let target: ReturnType<typeof resolveRequestTarget>;
  try {
    target = resolveRequestTarget(context, request);
  } catch (error) {
    return recordConflict(context, request, actor, error as AppError, now);
  }
  const { app, table } = target;
  const user = await fetchUser(context.system, request.submittedBy);
  if (!user || user.disabled) {
    const error = new AppError(
      'USER_NOT_FOUND',
      `The submitter ${request.submittedBy} is no longer an active user, so the changes cannot be applied in their name.`,
      {
        username: request.submittedBy,
      },
    );
    return recordConflict(context, request, actor, error, now);
  }
  const principal = principalOf(user);
  if (releasedBy) lendWarehouseToken(releasedBy, principal);
  const idempotencyKey = `${APPROVAL_KEY_PREFIX}${request.requestId}`;
  let changesetId = await findAppliedChangeset(context, principal.id, idempotencyKey);
  if (!changesetId) {
    const steps = (await fetchSteps(store, [request.requestId])).get(request.requestId) ?? [];
    try {
      const result = await applyChangeset(context.writeContext(app, table, principal, { viaApproval: true }), {
        changes: request.changes,
        reason: approvalReason(steps, request.reason),
        idempotencyKey,
      });
      changesetId = result.changesetId;
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && !TRANSIENT.has(error.code)) return recordConflict(context, request, actor, error, now);
      throw error;
    }
  }
  const applied = await retryOnRace(async () => {
    const fresh = (await fetchRequest(store, request.requestId)) ?? request;
    if (fresh.status !== 'approved') return fresh;
    const comment = changesetId ? `changeset ${changesetId}` : 'every change was already in place; nothing written';
    return recordTransition(
      context.warehouse,
      auditSchema(context),
      fresh,
      [{ action: 'apply', level: null, actor, onBehalfOf: null, comment }],
      {
        status: 'applied',
        ...(changesetId ? { changesetId } : {}),
      },
      now,
    );
  });
  context.notify({ event: 'applied', request: applied, actor, level: null, comment: null, at: now.toISOString() });
  return applied;
}

/** `Approved: <level> by <user>; …` (delegates as `<user> for <delegator>`), then the submitter's reason. */
export function approvalReason(steps: readonly ApprovalStep[], submitterReason: string | null): string {
  const approvals = steps.filter((s) => s.action === 'approve').map((s) => `${s.level} by ${s.actor}${s.onBehalfOf ? ` for ${s.onBehalfOf}` : ''}`);
  const text = `Approved: ${approvals.join('; ') || 'no level applied'}`;
  return submitterReason ? `${text}. ${submitterReason}` : text;
}

async function recordConflict(context: WorkflowContext, request: ApprovalRequest, actor: string, error: AppError, now: Date): Promise<never> {
  const conflicts = error.details.conflicts;
  const comment = `${error.code}: ${error.message}${conflicts ? `\nconflicts: ${JSON.stringify(conflicts)}` : ''}`;
  const recorded = await retryOnRace(async () => {
    const fresh = (await fetchRequest(approvalStore(context), request.requestId)) ?? request;
    if (fresh.status !== 'approved') return fresh;
    return recordTransition(
      context.warehouse,
      auditSchema(context),
      fresh,
      [{ action: 'conflict', level: null, actor, onBehalfOf: null, comment }],
      { status: 'conflict' },
      now,
    );
  });
  if (recorded.status === 'conflict') context.notify({ event: 'conflict', request: recorded, actor, level: null, comment, at: now.toISOString() });
  throw new AppError(
    error.code,
    `${error.message} The approved request ${request.requestId} was not applied (status ${recorded.status}); the submitter may resubmit it.`,
    {
      ...error.details,
      requestId: request.requestId,
      status: recorded.status,
    },
  );
}

/** The changeset an earlier attempt already committed for this request, if any (crash between apply and record). */
async function findAppliedChangeset(context: WorkflowContext, userId: string, idempotencyKey: string): Promise<string | null> {
  const q = renderSql(
    sql`SELECT changeset_id FROM ${tableRef(`${auditSchema(context)}.${AUDIT_TABLES.changesets}`)} WHERE user_id = ${userId} AND idempotency_key = ${idempotencyKey}`,
    context.warehouse.dialect,
  );
  const row = (await context.warehouse.query(q.sql, q.params)).rows[0];
  return row ? String(row.changeset_id) : null;
}
