import { type CellChange, invertChanges } from './cell-changes';

/** One edit this person made in this view (a typed cell, a paste, a fill, a clear): undone and redone as a whole. */
export interface UndoEntry {
  id: string;
  /** "Edit", "Paste", "Fill down", "Clear": named in the status line and the audit reason. */
  label: string;
  changes: CellChange[];
}

/** The person's own edits in this view, newest last. Pure: every step returns a new history. */
export interface UndoHistory {
  undo: UndoEntry[];
  redo: UndoEntry[];
}

export const EMPTY_HISTORY: UndoHistory = { undo: [], redo: [] };

/** Edits remembered for undo; older ones drop off. */
export const UNDO_LIMIT = 100;

/** A new edit: undoable, and the end of whatever could be redone. */
export function recordEdit(history: UndoHistory, entry: UndoEntry): UndoHistory {
  return { undo: [...history.undo, entry].slice(-UNDO_LIMIT), redo: [] };
}

/** Forgets an edit that was not written (refused, or given up for the other writer's value). */
export function forgetEntry(history: UndoHistory, id: string): UndoHistory {
  return { undo: history.undo.filter((e) => e.id !== id), redo: history.redo.filter((e) => e.id !== id) };
}

/** What Ctrl+Z would undo: the entry and the changes that undo it (expecting the values it wrote). */
export function nextUndo(history: UndoHistory): { entry: UndoEntry; changes: CellChange[] } | null {
  const entry = history.undo.at(-1);
  return entry ? { entry, changes: invertChanges(entry.changes) } : null;
}

/** What Ctrl+Shift+Z would redo: the entry's own changes again, expecting the values the undo restored. */
export function nextRedo(history: UndoHistory): { entry: UndoEntry; changes: CellChange[] } | null {
  const entry = history.redo.at(-1);
  return entry ? { entry, changes: entry.changes } : null;
}

/** The undo of `id` was written: the entry moves to the redo side. */
export function markUndone(history: UndoHistory, id: string): UndoHistory {
  const entry = history.undo.find((e) => e.id === id);
  if (!entry) return history;
  return { undo: history.undo.filter((e) => e !== entry), redo: [...history.redo, entry] };
}

/** The redo of `id` was written: the entry is undoable again. */
export function markRedone(history: UndoHistory, id: string): UndoHistory {
  const entry = history.redo.find((e) => e.id === id);
  if (!entry) return history;
  return { undo: [...history.undo, entry].slice(-UNDO_LIMIT), redo: history.redo.filter((e) => e !== entry) };
}

/**
 * After "keep mine" on a conflict, the edit expects the other writer's value: undoing it must put
 * that value back (not the one this person first saw), and expect this person's value.
 */
export function rebaseEntry(history: UndoHistory, id: string, before: (change: CellChange) => unknown): UndoHistory {
  const rebase = (e: UndoEntry): UndoEntry => (e.id === id ? { ...e, changes: e.changes.map((c) => ({ ...c, before: before(c) })) } : e);
  return { undo: history.undo.map(rebase), redo: history.redo.map(rebase) };
}
