import { AppError } from '../errors/index.js';
import type { AuditCell } from '../governance/audit/index.js';
import type { Change } from './changeset-schema.js';

/** Picks the cells to revert: all of the changeset, or one (row, column). */
export interface RevertSelection {
  key?: Record<string, unknown>;
  column?: string;
}

/**
 * The changes that undo a changeset, as an ordinary changeset for the write
 * pipeline: updates set the old value and expect the new one (so a cell
 * changed again since is a conflict, never overwritten), inserts become
 * deletes and deletes become inserts. Pure.
 */
export function buildRevertChanges(cells: readonly AuditCell[], selection: RevertSelection = {}): Change[] {
  const wantedKey = selection.key ? JSON.stringify(selection.key) : undefined;
  const picked = cells.filter((c) => (!wantedKey || sameKey(c.rowKey, selection.key!)) && (!selection.column || c.column === selection.column));
  if (picked.length === 0)
    throw new AppError('ROW_NOT_FOUND', `The changeset has no cell ${wantedKey ?? ''} ${selection.column ?? ''} to revert.`.replace(/\s+/g, ' ').trim(), {});
  const byRow = new Map<string, AuditCell[]>();
  for (const cell of picked) byRow.set(cell.rowKey, [...(byRow.get(cell.rowKey) ?? []), cell]);
  const changes: Change[] = [];
  // Undo in reverse order, so a row deleted after an update is re-inserted before anything else touches it.
  for (const [rowKey, rowCells] of [...byRow].reverse()) {
    const key = JSON.parse(rowKey) as Record<string, string | number>;
    const op = rowCells[0]!.op;
    if (op !== 'update' && selection.column) {
      throw new AppError('REQ_INVALID', `A single cell of an ${op} cannot be reverted; revert the whole row.`, { op });
    }
    const values = Object.fromEntries(rowCells.map((c) => [c.column, op === 'delete' ? c.oldValue : c.newValue]));
    if (op === 'update') {
      changes.push({ op: 'update', key, set: Object.fromEntries(rowCells.map((c) => [c.column, c.oldValue])), expect: values });
    } else if (op === 'insert') {
      const expect = Object.fromEntries(Object.entries(values).filter(([column]) => !(column in key)));
      changes.push({ op: 'delete', key, expect });
    } else {
      changes.push({ op: 'insert', values });
    }
  }
  return changes;
}

function sameKey(rowKey: string, key: Record<string, unknown>): boolean {
  const stored = JSON.parse(rowKey) as Record<string, unknown>;
  const names = Object.keys(stored);
  return names.length === Object.keys(key).length && names.every((k) => String(stored[k]) === String(key[k]));
}
