import type { Row } from '../warehouse/driver.js';

/** Published after a changeset commits; the live layer filters it per viewer. */
export interface ChangeEvent {
  app: string;
  /** Name of the writable table inside `app`. */
  table: string;
  /** Warehouse table, so other apps showing the same table refresh too. */
  qualifiedTable: string;
  changesetId: string;
  user: string;
  keys: Record<string, unknown>[];
  /** The rows as written (deleted rows as they were), for per-viewer read checks. Not sent to clients. */
  rows: Row[];
  /**
   * Set when the event is a comment added to or deleted from the one row of
   * `rows` (no changeset: `changesetId` is the comment's id). Viewers who may
   * read the row get a `comment` frame instead of a `change` frame.
   */
  comment?: { id: string; action: 'added' | 'deleted' };
  /**
   * Set when the event is something that happened to an approval request (no
   * rows: `rows` and `keys` are empty, `changesetId` is the request's id).
   * Only viewers who may see the request get an `approval` frame.
   */
  approval?: ApprovalNotice;
  /**
   * Set when the event is an action's message to people (no rows, no
   * changeset: `changesetId` is the notice's id). Viewers holding one of
   * `roles` who may open `app` get a `notice` frame.
   */
  notice?: ActionNotice;
}

/** An action's `notify` step, as its recipients read it. */
export interface ActionNotice {
  noticeId: string;
  appTitle: string;
  action: string;
  message: string;
  /** Display name of who ran the action. */
  by: string;
  roles: string[];
  at: string;
}

/** What the live layer needs to tell who may see an approval request, and what happened to it. */
export interface ApprovalNotice {
  requestId: string;
  action: 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'applied' | 'escalated' | 'expired' | 'conflict';
  status: string;
  submittedBy: string;
  route: { name: string; roles: string[]; mode: 'any' | 'all' }[];
  currentLevel: number;
  /**
   * The route level the request waited at just before this (null when it was
   * not pending): those who could see it then hear that it moved on.
   */
  previousLevel: number | null;
  /** Users who approved or rejected it (acting or on whose behalf). */
  reviewers: string[];
  /** Active delegations whose delegator holds a role of the route: the delegate sees what the delegator would. */
  delegations: { delegate: string; delegator: string; roles: string[] }[];
}

export type PublishChange = (event: ChangeEvent) => void;
