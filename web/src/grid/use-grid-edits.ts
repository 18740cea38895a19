import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { ApiError, toApiErrorLike } from '../api/client';
import { submitChangeset } from '../api/endpoints';
import type { Row, RowKey, ValidationIssue, WriteConflict } from '../api/types';
import { usePage } from '../apps/page-context';
import type { CellState } from './grid-cells';
import { cellId, keyId } from '../ui/row-keys';

export interface UpdateChange {
  op: 'update';
  key: RowKey;
  set: Row;
  expect: Row;
}

/** A rejected changeset waiting for the user to keep their values or take the other writer's. */
export interface ConflictGroup {
  id: string;
  changes: UpdateChange[];
  conflicts: WriteConflict[];
}

export interface IssueEntry {
  id: string;
  key: RowKey | null;
  column: string | null;
  message: string;
  /** Grid cells shown in red for this issue. */
  cells: string[];
}

interface GridEditsOptions {
  table: string;
  patchRow: (key: RowKey, values: Row) => void;
  reload: () => void;
}

let sequence = 0;
function newId(): string {
  sequence += 1;
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${random}-${sequence}`;
}

function cellsOf(changes: UpdateChange[]): string[] {
  return changes.flatMap((c) => Object.keys(c.set).map((column) => cellId(c.key, column)));
}

export function useGridEdits({ table, patchRow, reload }: GridEditsOptions) {
  const { app, reportChange } = usePage();
  const [cells, setCells] = useState<ReadonlyMap<string, CellState>>(new Map());
  const [conflicts, setConflicts] = useState<ConflictGroup[]>([]);
  const [issues, setIssues] = useState<IssueEntry[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [inFlight, setInFlight] = useState(0);
  // Changesets go out one after another, in the order they were made: a second edit of a cell
  // expects the value of the first, so it must not overtake it.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pendingCount = useRef(0);
  const conflictsRef = useRef(conflicts);
  useLayoutEffect(() => {
    conflictsRef.current = conflicts;
  });

  const updateCells = useCallback((entries: [string, CellState | undefined][]) => {
    setCells((prev) => {
      const next = new Map(prev);
      for (const [id, state] of entries) {
        if (state) next.set(id, state);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  const clearCells = useCallback((changes: UpdateChange[]) => updateCells(cellsOf(changes).map((id) => [id, undefined])), [updateCells]);

  /** Clears the cells this changeset still owns; a later edit of the same cell keeps its own state. */
  const releaseCells = useCallback((changes: UpdateChange[], owner: string) => {
    const ids = new Set(cellsOf(changes));
    setCells((prev) => {
      const next = new Map(prev);
      for (const id of ids) if (next.get(id)?.owner === owner) next.delete(id);
      return next;
    });
  }, []);

  const onConflict = useCallback(
    (changes: UpdateChange[], list: WriteConflict[]) => {
      const isConflicted = (index: number, column: string) => list.some((c) => c.changeIndex === index && c.column === column);
      updateCells(
        changes.flatMap((change, index) =>
          Object.keys(change.set).map((column): [string, CellState] => [
            cellId(change.key, column),
            { status: isConflicted(index, column) ? 'conflict' : 'held', value: change.set[column] },
          ]),
        ),
      );
      setConflicts((prev) => [...prev, { id: newId(), changes, conflicts: list }]);
    },
    [updateCells],
  );

  const onInvalid = useCallback(
    (changes: UpdateChange[], list: ValidationIssue[]) => {
      // An issue about a column the user did not touch (a cross-field rule) is still caused by this
      // edit, so it marks the edited cells of that change.
      const marks = (issue: ValidationIssue, index: number, column: string, change: UpdateChange) =>
        issue.changeIndex === index && (issue.column === undefined || issue.column === column || !(issue.column in change.set));
      const entries: IssueEntry[] = list.map((issue) => {
        const change = changes[issue.changeIndex];
        const columns = change ? Object.keys(change.set).filter((c) => marks(issue, issue.changeIndex, c, change)) : [];
        return {
          id: newId(),
          key: change?.key ?? issue.key ?? null,
          column: issue.column ?? null,
          message: issue.message,
          cells: change ? columns.map((c) => cellId(change.key, c)) : [],
        };
      });
      // Rejected values revert; the marked cells stay red until edited again or dismissed.
      updateCells(
        changes.flatMap((change, index) =>
          Object.keys(change.set).map((column): [string, CellState | undefined] => {
            const issue = list.find((i) => marks(i, index, column, change));
            return [cellId(change.key, column), issue ? { status: 'error', value: undefined, message: issue.message } : undefined];
          }),
        ),
      );
      setIssues((prev) => [...prev, ...entries]);
    },
    [updateCells],
  );

  const send = useCallback(
    async (changes: UpdateChange[], owner: string) => {
      const touched = new Set(cellsOf(changes));
      const superseded = conflictsRef.current.filter((g) => cellsOf(g.changes).some((id) => touched.has(id)));
      for (const group of superseded) clearCells(group.changes);
      setConflicts((prev) => prev.filter((g) => !superseded.includes(g)));
      const rowsTouched = new Set(changes.map((c) => keyId(c.key)));
      setIssues((prev) => prev.filter((i) => !(i.key && rowsTouched.has(keyId(i.key))) && !i.cells.some((id) => touched.has(id))));
      setFailure(null);
      try {
        const result = await submitChangeset(app.name, table, { changes, idempotencyKey: newId() });
        for (const change of changes) patchRow(change.key, change.set);
        releaseCells(changes, owner);
        reportChange(
          table,
          changes.map((c) => c.key),
          result.changesetId,
        );
      } catch (err) {
        const error = toApiErrorLike(err);
        const details = (error.details ?? {}) as { conflicts?: WriteConflict[]; issues?: ValidationIssue[] };
        if (error.code === 'WB_CONFLICT' && details.conflicts?.length) {
          onConflict(changes, details.conflicts);
        } else if (error.code === 'WB_VALIDATION' && details.issues?.length) {
          onInvalid(changes, details.issues);
        } else {
          releaseCells(changes, owner);
          setFailure(error);
        }
      }
    },
    [app.name, table, patchRow, reportChange, clearCells, releaseCells, onConflict, onInvalid],
  );

  const submit = useCallback(
    (changes: UpdateChange[]): Promise<void> => {
      if (!changes.length) return Promise.resolve();
      const owner = newId();
      updateCells(
        changes.flatMap((change) =>
          Object.keys(change.set).map((column): [string, CellState] => [cellId(change.key, column), { status: 'saving', value: change.set[column], owner }]),
        ),
      );
      pendingCount.current += 1;
      setInFlight((n) => n + 1);
      const run = queue.current.then(() => send(changes, owner));
      queue.current = run.finally(() => {
        pendingCount.current -= 1;
        setInFlight((n) => n - 1);
      });
      return queue.current;
    },
    [send, updateCells],
  );

  /** A change refused before it is sent (e.g. emptying a column that may not be empty). */
  const refuse = useCallback((message: string) => setFailure(new ApiError(0, 'UI_REFUSED', message)), []);

  /** Resubmits with `expect` set to what the other writer saved, so this user's values win. */
  const keepMine = useCallback(
    (groupId: string) => {
      const group = conflictsRef.current.find((g) => g.id === groupId);
      if (!group) return;
      setConflicts((prev) => prev.filter((g) => g.id !== groupId));
      const changes = group.changes.map((change, index) => {
        const expect = { ...change.expect };
        for (const c of group.conflicts) if (c.changeIndex === index) expect[c.column] = c.actual;
        return { ...change, expect };
      });
      void submit(changes);
    },
    [submit],
  );

  const takeTheirs = useCallback(
    (groupId: string) => {
      const group = conflictsRef.current.find((g) => g.id === groupId);
      if (!group) return;
      setConflicts((prev) => prev.filter((g) => g.id !== groupId));
      clearCells(group.changes);
      for (const c of group.conflicts) {
        const key = group.changes[c.changeIndex]?.key ?? c.key;
        patchRow(key, { [c.column]: c.actual });
      }
      reload();
    },
    [clearCells, patchRow, reload],
  );

  const dismissIssue = useCallback(
    (id: string) => {
      const issue = issues.find((i) => i.id === id);
      if (issue) updateCells(issue.cells.map((cell): [string, undefined] => [cell, undefined]));
      setIssues((prev) => prev.filter((i) => i.id !== id));
    },
    [issues, updateCells],
  );

  return {
    cells,
    conflicts,
    issues,
    failure,
    saving: inFlight > 0,
    pending: () => pendingCount.current,
    submit,
    refuse,
    keepMine,
    takeTheirs,
    dismissIssue,
    dismissFailure: () => setFailure(null),
  };
}

export type GridEdits = ReturnType<typeof useGridEdits>;
