import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiErrorLike } from '../api/client';
import { submitChangeset } from '../api/endpoints';
import type { Change, Row, RowKey, ValidationIssue, WriteConflict } from '../api/types';
import { usePage } from '../apps/page-context';
import { cellId } from '../ui/row-keys';
import { useToasts } from '../ui/toasts';
import { buildUpdates, type CellChange, updateCells, type UpdateChange } from './cell-changes';
import { EMPTY_HISTORY, forgetEntry, markRedone, markUndone, nextRedo, nextUndo, rebaseEntry, recordEdit, type UndoHistory } from './undo-history';
import { conflictsByCell, distinctMessages, issuesByCell } from './write-outcome';

/** Where a cell stands in the write cycle; absent means "shows the server value". */
export type CellStatus = 'saving' | 'saved' | 'held' | 'error' | 'conflict';

export interface CellFeedback {
  status: CellStatus;
  /** This person's value: shown while saving, saved, held or in conflict; for error, the refused value (the cell shows the server's). */
  value: unknown;
  /** error: why the value was refused; held: which conflict it waits for. */
  message?: string;
  conflict?: { groupId: string; theirs: unknown; changedBy: string | null; changedAt: string | null };
  /** The changeset that set this state; a later one for the same cell takes the cell over. */
  owner: string;
}

export type WriteKind = 'edit' | 'undo' | 'redo';

/** One changeset this view sends. */
interface WriteGroup {
  id: string;
  kind: WriteKind;
  /** The undo entry: the edit itself, or the edit being undone or redone. */
  entryId: string;
  label: string;
  changes: CellChange[];
  reason?: string;
}

type Outcome = 'saved' | 'conflict' | 'refused' | 'skipped';

export interface WriteStatus {
  /** Cells in changesets queued or on their way to the server. */
  saving: number;
  /** The last changeset this view wrote. */
  last: { cells: number; at: number; label: string } | null;
  /** A large write under way (a paste, a fill): shown with its size. */
  large: { label: string; cells: number } | null;
}

interface CellWritesOptions {
  table: string;
  patchRow: (key: RowKey, values: Row) => void;
  reload: () => void;
  /** "line 12 · Amount": where a message is about. */
  describeCell: (key: RowKey, column: string) => string;
  /** A value as the cell shows it. */
  formatValue: (column: string, value: unknown) => string;
  /** Selects and scrolls to a cell (a toast's "Show"). */
  reveal: (key: RowKey, column: string) => void;
  /** A changeset came back in conflict: the first conflicted cell, to offer the choice there. */
  onConflict?: (key: RowKey, column: string) => void;
}

/** A write this large shows its size and a toast when done. */
const LARGE_WRITE = 100;
/** How long a saved cell stays marked. */
const SAVED_MARK_MS = 1600;

let sequence = 0;
function newId(): string {
  sequence += 1;
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${random}-${sequence}`;
}

/**
 * The writes one grid (or matrix) makes, as changesets: one per edit, queued so they reach the
 * server in the order they were made. Keeps each cell's state (saving, saved, refused, in
 * conflict), the person's undo history, and tells the outcome once per changeset.
 */
export function useCellWrites(options: CellWritesOptions) {
  const { app, reportChange } = usePage();
  const toasts = useToasts();
  const latest = useRef(options);
  latest.current = options;
  const [cells, setCells] = useState<ReadonlyMap<string, CellFeedback>>(new Map());
  const cellsRef = useRef(cells);
  const [history, setHistoryState] = useState<UndoHistory>(EMPTY_HISTORY);
  const historyRef = useRef(history);
  const [status, setStatus] = useState<WriteStatus>({ saving: 0, last: null, large: null });
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef(0);
  const conflicts = useRef(new Map<string, WriteGroup & { conflicts: WriteConflict[]; updates: UpdateChange[] }>());
  /** Edits that were not written: an undo or redo queued behind them has nothing to do. */
  const unwritten = useRef(new Set<string>());
  /** The changeset each written edit became, for the audit reason of its undo. */
  const changesetOf = useRef(new Map<string, string>());
  const timers = useRef(new Set<number>());

  useEffect(
    () => () => {
      for (const timer of timers.current) window.clearTimeout(timer);
    },
    [],
  );

  const setHistory = useCallback((update: (h: UndoHistory) => UndoHistory) => {
    historyRef.current = update(historyRef.current);
    setHistoryState(historyRef.current);
  }, []);

  const setCellStates = useCallback((entries: [string, CellFeedback | undefined][], onlyOwner?: string) => {
    const next = new Map(cellsRef.current);
    for (const [id, state] of entries) {
      if (onlyOwner !== undefined && next.get(id)?.owner !== onlyOwner) continue;
      if (state) next.set(id, state);
      else next.delete(id);
    }
    cellsRef.current = next;
    setCells(next);
  }, []);

  const releaseLater = useCallback(
    (ids: string[], owner: string) => {
      const timer = window.setTimeout(() => {
        timers.current.delete(timer);
        setCellStates(
          ids.map((id) => [id, undefined]),
          owner,
        );
      }, SAVED_MARK_MS);
      timers.current.add(timer);
    },
    [setCellStates],
  );

  const show = useCallback((key: RowKey | undefined, column: string | undefined) => {
    if (!key || !column) return undefined;
    return { label: 'Show', run: () => latest.current.reveal(key, column) };
  }, []);

  /** Sends one changeset and records what became of each of its cells. */
  const send = useCallback(
    async (group: WriteGroup): Promise<Outcome> => {
      const { table, patchRow, describeCell, formatValue } = latest.current;
      const updates = buildUpdates(group.changes);
      const ids = updates.flatMap(updateCells);
      const cellCount = ids.length;
      const first = updates[0];
      const firstColumn = first ? Object.keys(first.set)[0] : undefined;
      try {
        const reason = group.reason;
        // Grid cells hold the JSON values the server sent or the editors made.
        const result = await submitChangeset(app.name, table, { changes: updates as Change[], idempotencyKey: newId(), ...(reason ? { reason } : {}) });
        for (const update of updates) patchRow(update.key, update.set);
        setCellStates(
          updates.flatMap((u) =>
            Object.keys(u.set).map((column): [string, CellFeedback] => [cellId(u.key, column), { status: 'saved', value: u.set[column], owner: group.id }]),
          ),
          group.id,
        );
        releaseLater(ids, group.id);
        if (group.kind === 'edit') changesetOf.current.set(group.entryId, result.changesetId ?? '');
        reportChange(
          table,
          updates.map((u) => u.key),
          result.changesetId ?? '',
        );
        setStatus((s) => ({ ...s, last: { cells: cellCount, at: Date.now(), label: group.label } }));
        if (cellCount >= LARGE_WRITE) toasts.show({ tone: 'success', title: `${group.label}: ${cellCount.toLocaleString('en-US')} cells saved` });
        return 'saved';
      } catch (err) {
        const error = toApiErrorLike(err);
        const details = (error.details ?? {}) as { conflicts?: WriteConflict[]; issues?: ValidationIssue[] };
        if (error.code === 'WB_CONFLICT' && details.conflicts?.length) {
          const byCell = conflictsByCell(updates, details.conflicts);
          const firstConflict = [...byCell.values()][0]!;
          const where = updates[firstConflict.changeIndex]?.key ?? firstConflict.key;
          setCellStates(
            updates.flatMap((u) =>
              Object.keys(u.set).map((column): [string, CellFeedback] => {
                const id = cellId(u.key, column);
                const conflict = byCell.get(id);
                return conflict
                  ? [
                      id,
                      {
                        status: 'conflict',
                        value: u.set[column],
                        owner: group.id,
                        conflict: { groupId: group.id, theirs: conflict.actual, changedBy: conflict.changedBy ?? null, changedAt: conflict.changedAt ?? null },
                      },
                    ]
                  : [
                      id,
                      {
                        status: 'held',
                        value: u.set[column],
                        owner: group.id,
                        message: `Not saved yet: it goes with ${describeCell(where, firstConflict.column)}, which is in conflict.`,
                      },
                    ];
              }),
            ),
            group.id,
          );
          conflicts.current.set(group.id, { ...group, conflicts: details.conflicts, updates });
          latest.current.onConflict?.(where, firstConflict.column);
          const who = firstConflict.changedBy ?? 'someone else';
          const more = byCell.size > 1 ? ` (and ${byCell.size - 1} more)` : '';
          toasts.show({
            tone: 'warning',
            title: `Not saved: ${describeCell(where, firstConflict.column)} was changed by ${who} meanwhile${more}`,
            detail: `Theirs: ${formatValue(firstConflict.column, firstConflict.actual)} · yours: ${formatValue(firstConflict.column, updates[firstConflict.changeIndex]?.set[firstConflict.column])}. Choose at the cell.`,
            action: show(where, firstConflict.column),
          });
          return 'conflict';
        }
        const attempted = new Map(updates.flatMap((u) => Object.keys(u.set).map((column): [string, unknown] => [cellId(u.key, column), u.set[column]])));
        let byCell: Map<string, string>;
        if (error.code === 'WB_VALIDATION' && details.issues?.length) byCell = issuesByCell(updates, details.issues);
        else byCell = new Map(ids.map((id) => [id, error.message]));
        setCellStates(
          ids.map((id): [string, CellFeedback | undefined] => {
            const message = byCell.get(id);
            return [id, message ? { status: 'error', value: attempted.get(id), message, owner: group.id } : undefined];
          }),
          group.id,
        );
        const messages = distinctMessages(byCell.values());
        const refusedCells = byCell.size;
        const firstRefused = updates.find((u) => Object.keys(u.set).some((c) => byCell.has(cellId(u.key, c))));
        const refusedColumn = firstRefused ? Object.keys(firstRefused.set).find((c) => byCell.has(cellId(firstRefused.key, c))) : firstColumn;
        toasts.show({
          tone: 'error',
          title: `Not saved: ${messages[0]?.message ?? error.message}`,
          detail:
            `${group.label} of ${cellCount.toLocaleString('en-US')} cell${cellCount === 1 ? '' : 's'} refused; ` +
            `${firstRefused && refusedColumn ? describeCell(firstRefused.key, refusedColumn) : 'nothing'}${refusedCells > 1 ? ` and ${refusedCells - 1} more` : ''} marked.` +
            (messages.length > 1 ? ` ${messages.length - 1} other reason${messages.length > 2 ? 's' : ''} at the cells.` : ''),
          action: show(firstRefused?.key, refusedColumn),
        });
        return 'refused';
      }
    },
    [app.name, reportChange, setCellStates, releaseLater, toasts, show],
  );

  /** Queues a changeset behind the ones before it; its cells show as saving at once. */
  const enqueue = useCallback(
    (group: WriteGroup, done: (outcome: Outcome) => void) => {
      const updates = buildUpdates(group.changes);
      const ids = new Set(updates.flatMap(updateCells));
      // A new value for a cell in conflict or refused replaces that pending decision.
      for (const [id, pendingConflict] of conflicts.current) {
        if (pendingConflict.updates.some((u) => updateCells(u).some((cell) => ids.has(cell)))) {
          conflicts.current.delete(id);
          setCellStates(
            pendingConflict.updates.flatMap(updateCells).map((cell) => [cell, undefined]),
            id,
          );
          if (pendingConflict.kind === 'edit') {
            unwritten.current.add(pendingConflict.entryId);
            setHistory((h) => forgetEntry(h, pendingConflict.entryId));
          }
        }
      }
      setCellStates(
        updates.flatMap((u) =>
          Object.keys(u.set).map((column): [string, CellFeedback] => [cellId(u.key, column), { status: 'saving', value: u.set[column], owner: group.id }]),
        ),
      );
      const large = ids.size >= LARGE_WRITE ? { label: group.label, cells: ids.size } : null;
      pending.current += 1;
      setStatus((s) => ({ ...s, saving: s.saving + ids.size, ...(large ? { large } : {}) }));
      const task = queue.current.then(async () => {
        let outcome: Outcome = 'skipped';
        try {
          if (group.kind !== 'edit' && unwritten.current.has(group.entryId)) {
            setCellStates(
              [...ids].map((id) => [id, undefined]),
              group.id,
            );
          } else {
            outcome = await send(group);
          }
        } finally {
          pending.current -= 1;
          setStatus((s) => ({ ...s, saving: s.saving - ids.size, large: large && s.large === large ? null : s.large }));
          done(outcome);
        }
      });
      queue.current = task.catch(() => undefined);
    },
    [send, setCellStates, setHistory],
  );

  /** Writes a person's edit (a typed cell, a paste, a fill, a clear) as one changeset; undoable. */
  const edit = useCallback(
    (changes: CellChange[], label = 'Edit') => {
      if (!changes.length) return;
      const entryId = newId();
      setHistory((h) => recordEdit(h, { id: entryId, label, changes }));
      enqueue({ id: newId(), kind: 'edit', entryId, label, changes }, (outcome) => {
        if (outcome === 'saved' || outcome === 'conflict') return;
        unwritten.current.add(entryId);
        setHistory((h) => forgetEntry(h, entryId));
      });
    },
    [enqueue, setHistory],
  );

  /** Gives up this person's values of a conflict: the cells show the other writer's again. */
  const dropConflict = useCallback(
    (groupId: string) => {
      const group = conflicts.current.get(groupId);
      if (!group) return;
      conflicts.current.delete(groupId);
      setCellStates(
        group.updates.flatMap(updateCells).map((id) => [id, undefined]),
        groupId,
      );
      for (const c of group.conflicts) {
        const key = group.updates[c.changeIndex]?.key ?? c.key;
        latest.current.patchRow(key, { [c.column]: c.actual });
      }
      unwritten.current.add(group.entryId);
      setHistory((h) => forgetEntry(h, group.entryId));
      latest.current.reload();
    },
    [setCellStates, setHistory],
  );

  const reasonFor = (verb: 'Undo' | 'Redo', entryId: string, label: string) => {
    const changeset = changesetOf.current.get(entryId);
    return `${verb} of ${label.toLowerCase()}${changeset ? ` (changeset ${changeset})` : ''}`;
  };

  /** Ctrl+Z: a new, audited changeset that puts back the values the last edit replaced, expecting the ones it wrote. */
  const undo = useCallback((): CellChange[] | null => {
    const next = nextUndo(historyRef.current);
    if (!next) return null;
    const { entry, changes } = next;
    const waiting = [...conflicts.current.values()].find((g) => g.kind === 'edit' && g.entryId === entry.id);
    if (waiting) {
      // Undoing an edit that never got written (it is in conflict): drop it, nothing to write.
      dropConflict(waiting.id);
      return changes;
    }
    setHistory((h) => markUndone(h, entry.id));
    const label = `Undo ${entry.label.toLowerCase()}`;
    enqueue({ id: newId(), kind: 'undo', entryId: entry.id, label, changes, reason: reasonFor('Undo', entry.id, entry.label) }, (outcome) => {
      if (outcome === 'refused' || outcome === 'conflict') setHistory((h) => markRedone(h, entry.id));
    });
    return changes;
  }, [enqueue, setHistory, dropConflict]);

  /** Ctrl+Shift+Z: writes the undone edit again, expecting the values its undo restored. */
  const redo = useCallback((): CellChange[] | null => {
    const next = nextRedo(historyRef.current);
    if (!next) return null;
    const { entry, changes } = next;
    setHistory((h) => markRedone(h, entry.id));
    const label = `Redo ${entry.label.toLowerCase()}`;
    enqueue({ id: newId(), kind: 'redo', entryId: entry.id, label, changes, reason: reasonFor('Redo', entry.id, entry.label) }, (outcome) => {
      if (outcome === 'refused' || outcome === 'conflict') setHistory((h) => markUndone(h, entry.id));
    });
    return changes;
  }, [enqueue, setHistory]);

  /** Settles a conflict at its cell: `theirs` keeps the other writer's values, `mine` writes these over them. */
  const resolve = useCallback(
    (groupId: string, choice: 'theirs' | 'mine') => {
      const group = conflicts.current.get(groupId);
      if (!group) return;
      if (choice === 'theirs') {
        dropConflict(groupId);
        return;
      }
      conflicts.current.delete(groupId);
      const actual = new Map(group.conflicts.map((c) => [cellId(group.updates[c.changeIndex]?.key ?? c.key, c.column), c.actual]));
      const rebased = group.changes.map((c) => {
        const id = cellId(c.key, c.column);
        return actual.has(id) ? { ...c, before: actual.get(id) } : c;
      });
      if (group.kind === 'edit') {
        setHistory((h) => rebaseEntry(h, group.entryId, (c) => actual.get(cellId(c.key, c.column)) ?? c.before));
      }
      enqueue({ ...group, id: newId(), changes: rebased }, (outcome) => {
        if (outcome !== 'saved') return;
        if (group.kind === 'undo') setHistory((h) => markUndone(h, group.entryId));
        if (group.kind === 'redo') setHistory((h) => markRedone(h, group.entryId));
      });
    },
    [enqueue, setHistory, dropConflict],
  );

  /** Clears a refused cell's mark (the cell shows the server's value again). */
  const dismiss = useCallback(
    (id: string) => {
      const state = cellsRef.current.get(id);
      if (state?.status === 'error') setCellStates([[id, undefined]]);
    },
    [setCellStates],
  );

  /** A refusal before anything is sent (e.g. emptying a column that may not be empty). */
  const refuse = useCallback(
    (message: string, at?: { key: RowKey; column: string }) => {
      toasts.show({ tone: 'error', title: message, action: at ? show(at.key, at.column) : undefined });
    },
    [toasts, show],
  );

  return {
    cells,
    status,
    history,
    canUndo: history.undo.length > 0,
    canRedo: history.redo.length > 0,
    pending: () => pending.current,
    edit,
    undo,
    redo,
    resolve,
    dismiss,
    refuse,
    /** The value a new edit of this cell expects: the other writer's when the cell is in conflict. */
    expectedValue: (id: string, serverValue: unknown): unknown => {
      const state = cellsRef.current.get(id);
      if (!state || state.status === 'error') return serverValue ?? null;
      if (state.status === 'conflict') return state.conflict?.theirs ?? null;
      return state.value;
    },
  };
}

export type CellWrites = ReturnType<typeof useCellWrites>;
