import type { ValidationIssue, WriteConflict } from '../api/types';
import { cellId } from '../ui/row-keys';
import type { UpdateChange } from './cell-changes';

/** The cells a refused changeset's conflicts name, by cell id. */
export function conflictsByCell(updates: readonly UpdateChange[], conflicts: readonly WriteConflict[]): Map<string, WriteConflict> {
  const cells = new Map<string, WriteConflict>();
  for (const conflict of conflicts) {
    const update = updates[conflict.changeIndex];
    cells.set(cellId(update?.key ?? conflict.key, conflict.column), conflict);
  }
  return cells;
}

/**
 * One message per cell for a refused changeset's validation issues. An issue names a column the
 * change set, or another column or none (a rule across fields): it is then about every cell the
 * change set, since those are what the person can change. A cell two rules refuse shows the first.
 */
export function issuesByCell(updates: readonly UpdateChange[], issues: readonly ValidationIssue[]): Map<string, string> {
  const cells = new Map<string, string>();
  for (const issue of issues) {
    const update = updates[issue.changeIndex];
    if (!update) continue;
    const columns = issue.column !== undefined && issue.column in update.set ? [issue.column] : Object.keys(update.set);
    for (const column of columns) {
      const id = cellId(update.key, column);
      if (!cells.has(id)) cells.set(id, issue.message);
    }
  }
  return cells;
}

/** The distinct messages of a set of refusals, most frequent first, for one toast per changeset. */
export function distinctMessages(messages: Iterable<string>): { message: string; cells: number }[] {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(message, (counts.get(message) ?? 0) + 1);
  return [...counts].map(([message, cells]) => ({ message, cells })).sort((a, b) => b.cells - a.cells);
}
