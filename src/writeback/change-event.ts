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
}

export type PublishChange = (event: ChangeEvent) => void;
