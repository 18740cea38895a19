import type { Change, RowKey } from './types';

/** Mirrors `RequestStatus` in src/workflows/approval-records.ts. */
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'conflict' | 'expired' | 'applied';

/** A request as lists and actions return it (`summarizeRequest`). */
export interface RequestSummary {
  requestId: string;
  app: string;
  table: string;
  submittedBy: string;
  submittedAt: string;
  status: RequestStatus;
  amount: number;
  /** Level names in order. */
  route: string[];
  /** The level waiting for approval; null once the request is closed. */
  currentLevel: string | null;
  changeCount: number;
  reason: string | null;
  resubmits: string | null;
  changesetId: string | null;
  updatedAt: string;
}

export type LevelState = 'approved' | 'waiting' | 'pending' | 'skipped';

export interface RequestLevel {
  name: string;
  roles: string[];
  mode: 'any' | 'all';
  state: LevelState;
}

export interface RequestStep {
  seq: number;
  action: 'submit' | 'approve' | 'reject' | 'withdraw' | 'delegate' | 'escalate' | 'expire' | 'apply' | 'conflict';
  level: string | null;
  actor: string;
  onBehalfOf: string | null;
  actedAt: string;
  comment: string | null;
}

export interface RequestCellDiff {
  column: string;
  old: string | number | boolean | null;
  new: string | number | boolean | null;
  /** Null when the row does not exist, or when the change is not `visible`. */
  current: string | number | boolean | null;
  /** Null when the change is not `visible`. */
  changedSince: boolean | null;
}

export interface RequestChangeDiff {
  op: Change['op'];
  key: RowKey;
  /** False: the row at this key now is not one the viewer may read (values now are withheld). */
  visible: boolean;
  /** Null when not `visible`. */
  rowExists: boolean | null;
  cells: RequestCellDiff[];
}

export interface RequestDetail extends RequestSummary {
  levels: RequestLevel[];
  steps: RequestStep[];
  changes: RequestChangeDiff[];
  totals: { column: string; before: number; after: number; delta: number; current: number | null } | null;
  actions: { approve: boolean; reject: boolean; withdraw: boolean };
}

export type RequestView = 'inbox' | 'mine' | 'all';

export type BulkApproveResult =
  | { requestId: string; ok: true; request: RequestSummary }
  | { requestId: string; ok: false; error: { code: string; message: string; details: unknown } };
