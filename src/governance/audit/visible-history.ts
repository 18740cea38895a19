import type { CellHistoryEntry } from './fetch-history.js';

/** A row's values by column (canonical text or as read), or undefined where the row did not exist. */
export type RowState = Record<string, unknown> | undefined;

/**
 * The entries of one row's history that the reader may see, newest first.
 * Walking back from the row as it is now, every changeset's cells are undone
 * to get the row as it was before that changeset; an entry is shown only
 * when the row passes `readable` both before and after it (a side where the
 * row did not exist hides nothing). So what was written while the row was
 * outside the reader's rows (another entity, an earlier life under the same
 * key) stays hidden, as it does in time travel; a row moved into the
 * reader's rows shows its history from that move on. With `truncated` (the
 * entries stop at a limit) the oldest changeset may be incomplete and is
 * left out. Pure.
 */
export function filterVisibleHistory(
  entries: readonly CellHistoryEntry[],
  current: RowState,
  readable: (row: Record<string, unknown>) => boolean,
  truncated = false,
): CellHistoryEntry[] {
  const groups = groupByChangeset(entries);
  if (truncated) groups.pop();
  const visible: CellHistoryEntry[] = [];
  let after = current;
  for (const group of groups) {
    const before = undo(group, after);
    const shows = (state: RowState) => state === undefined || readable(state);
    if ((after !== undefined || before !== undefined) && shows(after) && shows(before)) visible.push(...group);
    after = before;
  }
  return visible;
}

/** Consecutive entries of one changeset (the history is ordered by changeset, then cell). */
function groupByChangeset(entries: readonly CellHistoryEntry[]): CellHistoryEntry[][] {
  const groups: CellHistoryEntry[][] = [];
  for (const entry of entries) {
    const last = groups.at(-1);
    if (last && last[0]!.changesetId === entry.changesetId) last.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

/** The row before a changeset's cells (given newest first) were written. */
function undo(cells: readonly CellHistoryEntry[], after: RowState): RowState {
  let state = after;
  let deleted: Record<string, unknown> | undefined;
  for (const cell of cells) {
    if (cell.op === 'delete') {
      // A delete records every non-null column of the row it removed.
      deleted ??= {};
      deleted[cell.column] = cell.old;
      state = deleted;
      continue;
    }
    deleted = undefined;
    if (cell.op === 'insert') state = undefined;
    else state = { ...(state ?? {}), [cell.column]: cell.old };
  }
  return state;
}
