import type * as Contract from './generated/contract';
import type { Change, RowKey } from './types';

/** A request as lists and actions return it; from the server's schemas (web/src/api/generated). */
export type RequestSummary = Contract.RequestList['requests'][number];
export type RequestStatus = RequestSummary['status'];

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
