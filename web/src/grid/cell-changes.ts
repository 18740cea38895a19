import type { Row, RowKey } from '../api/types';
import { keyId } from '../ui/row-keys';

/** One cell as this view changes it: the value it expects to find and the value it writes. */
export interface CellChange {
  key: RowKey;
  column: string;
  /** The value the cell showed: the write expects it, so a change made meanwhile is a conflict, not overwritten. */
  before: unknown;
  after: unknown;
}

/** An update of one row as the changeset API takes it. */
export interface UpdateChange {
  op: 'update';
  key: RowKey;
  set: Row;
  expect: Row;
}

/**
 * One update per row, in the order rows first appear. A cell listed twice (a fill over a range
 * that repeats) expects its first `before` and writes its last `after`.
 */
export function buildUpdates(changes: readonly CellChange[]): UpdateChange[] {
  const byRow = new Map<string, UpdateChange>();
  for (const change of changes) {
    const id = keyId(change.key);
    let update = byRow.get(id);
    if (!update) {
      update = { op: 'update', key: change.key, set: {}, expect: {} };
      byRow.set(id, update);
    }
    if (!(change.column in update.expect)) update.expect[change.column] = change.before;
    update.set[change.column] = change.after;
  }
  return [...byRow.values()];
}

/** The changes that undo `changes`: each cell back to its `before`, expecting the `after` it wrote. */
export function invertChanges(changes: readonly CellChange[]): CellChange[] {
  return changes.map((c) => ({ key: c.key, column: c.column, before: c.after, after: c.before })).reverse();
}

/** The cell ids (`cellId`) of an update, column by column. */
export function updateCells(update: UpdateChange): string[] {
  return Object.keys(update.set).map((column) => `${keyId(update.key)}#${column}`);
}
