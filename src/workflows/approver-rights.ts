import { AppError } from '../errors/index.js';
import type { ApprovalRequest, ApprovalStep, RouteLevel } from './approval-records.js';

/** A user as approval checks need them. */
export interface Approver {
  username: string;
  roles: readonly string[];
}

/** Who an approval counts for: the actor, or the user they stand in for as delegate. */
export interface ApprovalRight {
  /** Set when the actor acts as delegate of this user. */
  onBehalfOf?: string;
}

export interface RightOptions {
  /** Users who delegated their approvals to the actor (active delegations only). */
  delegators: readonly Approver[];
  /**
   * Rejecting needs the same level role, but not the "one approval per person
   * per request" rule: saying no is always allowed to someone who could say yes.
   */
  forRejection?: boolean;
}

/**
 * Decides whether `actor` may act on the request's current level, in their
 * own right or as delegate, and for whom. Throws the reason otherwise:
 * `WF_REQUEST_CLOSED` (not pending), `WF_SELF_APPROVAL` (separation of
 * duties), `WF_ALREADY_APPROVED` (one approval per person per request),
 * `WF_NOT_APPROVER` (no role of the level). Pure.
 */
export function findApprovalRight(request: ApprovalRequest, steps: readonly ApprovalStep[], actor: Approver, options: RightOptions): ApprovalRight {
  const level = request.status === 'pending' ? request.route[request.currentLevel] : undefined;
  if (!level)
    throw new AppError('WF_REQUEST_CLOSED', `Request ${request.requestId} is ${request.status}; nothing is waiting for approval.`, {
      requestId: request.requestId,
      status: request.status,
    });
  if (actor.username === request.submittedBy) {
    throw new AppError('WF_SELF_APPROVAL', 'You submitted this request: someone else must approve or reject it.', { requestId: request.requestId });
  }
  const approvedBefore = approversOf(steps);
  if (!options.forRejection && approvedBefore.has(actor.username)) {
    throw new AppError('WF_ALREADY_APPROVED', 'You already approved this request; each level needs a different person.', { requestId: request.requestId });
  }
  if (holdsLevelRole(actor, level)) return {};
  const standIns = options.delegators.filter(
    (d) => d.username !== request.submittedBy && holdsLevelRole(d, level) && (options.forRejection || !approvedBefore.has(d.username)),
  );
  if (standIns.length > 0) return { onBehalfOf: standIns[0]!.username };
  throw new AppError(
    'WF_NOT_APPROVER',
    `Level ${level.name} is approved by ${level.roles.join(' or ')}; you hold none of these roles and stand in for no one who does.`,
    {
      requestId: request.requestId,
      level: level.name,
      roles: level.roles,
    },
  );
}

/** Everyone an approve step counts for (actors and the users delegates acted for). */
export function approversOf(steps: readonly ApprovalStep[], level?: string): Set<string> {
  const found = new Set<string>();
  for (const step of steps) {
    if (step.action !== 'approve' || (level !== undefined && step.level !== level)) continue;
    found.add(step.actor);
    if (step.onBehalfOf) found.add(step.onBehalfOf);
  }
  return found;
}

/**
 * Whether a level is complete: one approval (mode any), or an approval for
 * every eligible user (mode all; `eligible` excludes the submitter). A mode
 * all level with nobody eligible cannot complete: it waits for escalation.
 */
export function isLevelComplete(level: RouteLevel, steps: readonly ApprovalStep[], eligible: readonly Approver[]): boolean {
  const approved = new Set(steps.filter((s) => s.action === 'approve' && s.level === level.name).map((s) => s.onBehalfOf ?? s.actor));
  if (level.mode === 'any') return approved.size > 0;
  const needed = eligible.filter((user) => holdsLevelRole(user, level));
  return needed.length > 0 && needed.every((user) => approved.has(user.username));
}

export function holdsLevelRole(user: Approver, level: RouteLevel): boolean {
  return user.roles.some((role) => level.roles.includes(role));
}

/** What the viewer may do with a request now (for the UI's buttons). */
export function availableActions(
  request: ApprovalRequest,
  steps: readonly ApprovalStep[],
  actor: Approver,
  delegators: readonly Approver[],
): { approve: boolean; reject: boolean; withdraw: boolean } {
  const allowed = (forRejection: boolean) => {
    try {
      findApprovalRight(request, steps, actor, { delegators, forRejection });
      return true;
    } catch {
      return false;
    }
  };
  return { approve: allowed(false), reject: allowed(true), withdraw: request.status === 'pending' && request.submittedBy === actor.username };
}
