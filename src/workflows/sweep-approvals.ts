import { AppError } from '../errors/index.js';
import { ESCALATION_LEVEL, type ResolvedApprovals } from '../app-model/index.js';
import { SYSTEM_ACTOR, type RouteLevel } from './approval-records.js';
import { applyApproved } from './apply-request.js';
import { fetchRequest, fetchRequests } from './fetch-requests.js';
import { recordTransition } from './record-steps.js';
import { approvalStore, auditSchema, retryOnRace, type WorkflowContext } from './workflow-context.js';

export interface SweepReport {
  escalated: string[];
  expired: string[];
  /** Approved requests whose apply had failed on an outage and now went through (or ended in conflict). */
  retried: string[];
  /** Requests the sweep could not handle this time, with the reason. */
  failed: { requestId: string; message: string }[];
}

/** An approved request left unapplied this long (an outage or a crash) is applied again. */
const RETRY_APPLY_AFTER_MS = 60_000;

/**
 * Expiry and escalation. A pending request that waited `expiresAfterHours`
 * since its last step is escalated once, when the table names `escalateTo`:
 * an `escalation` level of those roles takes the waiting level's place (and
 * later levels that only those roles approve are dropped, as the same people
 * would approve them twice). Otherwise, or when an escalated request waits
 * again as long, it expires. Also retries applying approved requests whose
 * apply failed on an outage. The server runs it every minute; tests call it
 * with a fixed `now`.
 */
export async function sweepApprovals(context: WorkflowContext, now = new Date()): Promise<SweepReport> {
  const report: SweepReport = { escalated: [], expired: [], retried: [], failed: [] };
  // Only requests idle for at least the shortest wait that could matter are read.
  const store = approvalStore(context);
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const waits = [...context.project().apps.values()].flatMap((app) =>
    [...app.tables.values()].map((t) => (t.approvals?.config.expiresAfterHours ?? Infinity) * 3600 * 1000),
  );
  const shortest = Math.min(...waits);
  const open = [
    ...(await fetchRequests(store, { statuses: ['approved'], updatedBefore: before(RETRY_APPLY_AFTER_MS), limit: 1000 })),
    ...(Number.isFinite(shortest) ? await fetchRequests(store, { statuses: ['pending'], updatedBefore: before(shortest), limit: 10_000 }) : []),
  ];
  for (const request of open) {
    try {
      if (request.status === 'approved') {
        report.retried.push(request.requestId);
        await applyApproved(context, request, SYSTEM_ACTOR, now).catch((error: unknown) => {
          // A refusal is recorded on the request (status conflict); only outages are worth reporting here.
          if (!(error instanceof AppError) || error.status >= 500 || error.code === 'DRV_TRANSACTION_CONFLICT') throw error;
        });
        continue;
      }
      const approvals = context.project().apps.get(request.app)?.tables.get(request.table)?.approvals;
      const hours = approvals?.config.expiresAfterHours;
      if (!approvals || hours === undefined || now.getTime() - Date.parse(request.updatedAt) < hours * 3600 * 1000) continue;
      const outcome = await retryOnRace(() => escalateOrExpire(context, request.requestId, approvals, hours, now));
      if (outcome) report[outcome].push(request.requestId);
    } catch (error) {
      report.failed.push({ requestId: request.requestId, message: (error as Error).message });
    }
  }
  return report;
}

async function escalateOrExpire(
  context: WorkflowContext,
  requestId: string,
  approvals: ResolvedApprovals,
  hours: number,
  now: Date,
): Promise<'escalated' | 'expired' | undefined> {
  const request = await fetchRequest(approvalStore(context), requestId);
  if (!request || request.status !== 'pending' || now.getTime() - Date.parse(request.updatedAt) < hours * 3600 * 1000) return undefined;
  const waiting = request.route[request.currentLevel]!;
  const escalateTo = approvals.config.escalateTo;
  const escalated = request.route.some((level) => level.name === ESCALATION_LEVEL);
  if (escalateTo && !escalated) {
    const escalation: RouteLevel = { name: ESCALATION_LEVEL, roles: [...escalateTo], mode: 'any' };
    const later = request.route.slice(request.currentLevel + 1).filter((level) => !level.roles.every((role) => escalateTo.includes(role)));
    const route = [...request.route.slice(0, request.currentLevel), escalation, ...later];
    const comment = `waited more than ${hours} h at ${waiting.name}; escalated to ${escalateTo.join(', ')}`;
    const recorded = await recordTransition(
      context.warehouse,
      auditSchema(context),
      request,
      [{ action: 'escalate', level: ESCALATION_LEVEL, actor: SYSTEM_ACTOR, onBehalfOf: null, comment }],
      { route },
      now,
    );
    context.notify({ event: 'escalated', request: recorded, actor: SYSTEM_ACTOR, level: ESCALATION_LEVEL, comment, at: now.toISOString() });
    return 'escalated';
  }
  const comment = `waited more than ${hours} h at ${waiting.name}`;
  const recorded = await recordTransition(
    context.warehouse,
    auditSchema(context),
    request,
    [{ action: 'expire', level: waiting.name, actor: SYSTEM_ACTOR, onBehalfOf: null, comment }],
    { status: 'expired' },
    now,
  );
  context.notify({ event: 'expired', request: recorded, actor: SYSTEM_ACTOR, level: waiting.name, comment, at: now.toISOString() });
  return 'expired';
}
