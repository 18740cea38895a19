import type { Change } from '../writeback/changeset-schema.js';

/**
 * pending: waiting at `currentLevel`; approved: every level approved, being
 * applied; applied: written through the pipeline (`changesetId`); conflict:
 * could not be applied as submitted; rejected, withdrawn, expired: closed.
 */
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'conflict' | 'expired' | 'applied';

export type StepAction = 'submit' | 'approve' | 'reject' | 'withdraw' | 'delegate' | 'escalate' | 'expire' | 'apply' | 'conflict';

/** Statuses a submitter may resubmit from. */
export const RESUBMITTABLE: ReadonlySet<RequestStatus> = new Set(['rejected', 'withdrawn', 'conflict', 'expired']);

/** The actor of steps the server takes by itself (escalation, expiry, retried applies). */
export const SYSTEM_ACTOR = '(system)';

/** One level of a request's route, fixed at submission (later config edits do not reroute it). */
export interface RouteLevel {
  name: string;
  roles: string[];
  mode: 'any' | 'all';
}

export interface ApprovalRequest {
  requestId: string;
  app: string;
  /** The writable table's name in the app. */
  table: string;
  submittedBy: string;
  submittedAt: string;
  status: RequestStatus;
  /** Sum of the amount column over the rows the submission inserts or updates. */
  amount: number;
  route: RouteLevel[];
  /** Index in `route` of the level waiting for approval (= levels completed). */
  currentLevel: number;
  /** The changes as submitted, with the `expect` values of submission time. */
  changes: Change[];
  /** The submitter's reason. */
  reason: string | null;
  /** The earlier request this one resubmits. */
  resubmits: string | null;
  changesetId: string | null;
  updatedAt: string;
  /** Highest step `seq` when read: transitions are conditional on it. */
  lastSeq: number;
}

export interface ApprovalStep {
  seq: number;
  action: StepAction;
  /** Route level the step acted on (null for submit, withdraw and the like). */
  level: string | null;
  actor: string;
  /** Set when a delegate acted for this user. */
  onBehalfOf: string | null;
  actedAt: string;
  comment: string | null;
}

/** A step about to be recorded (seq and time are assigned when it is written). */
export type NewStep = Omit<ApprovalStep, 'seq' | 'actedAt'>;

/** The level waiting for approval, if any. */
export function currentLevelOf(request: ApprovalRequest): RouteLevel | undefined {
  return request.status === 'pending' ? request.route[request.currentLevel] : undefined;
}

/** What the API returns for a request in lists and after actions. */
export function summarizeRequest(request: ApprovalRequest) {
  return {
    requestId: request.requestId,
    app: request.app,
    table: request.table,
    submittedBy: request.submittedBy,
    submittedAt: request.submittedAt,
    status: request.status,
    amount: request.amount,
    route: request.route.map((level) => level.name),
    currentLevel: currentLevelOf(request)?.name ?? null,
    changeCount: request.changes.length,
    reason: request.reason,
    resubmits: request.resubmits,
    changesetId: request.changesetId,
    updatedAt: request.updatedAt,
  };
}

export type RequestSummary = ReturnType<typeof summarizeRequest>;
