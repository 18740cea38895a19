import { useCallback, useRef, useState } from 'react';
import { toApiErrorLike } from '../api/client';
import { submitChangeset } from '../api/endpoints';
import type { CellRow, Change, RowKey, ValidationIssue, WriteConflict } from '../api/types';
import { usePage } from '../apps/page-context';
import { distinctMessages } from '../grid/write-outcome';
import { formatNumber } from '../ui/format';
import { useToasts } from '../ui/toasts';
import type { BaseCell } from './matrix-model';
import { fromUnits, spreadTotal } from './spread';

/** A matrix cell's write state: typed values saving, or why the last one was not saved. */
export type MatrixCellState = { status: 'saving' } | { status: 'error'; message: string };

export interface MatrixStatus {
  saving: number;
  last: { cells: number; at: number; spread: boolean } | null;
}

/** What one typed value means for the table: the rows it sets, or why it cannot. */
export type MatrixEdit = { ok: true; updates: { cell: BaseCell; units: bigint }[]; spread: 'proportional' | 'even' | null } | { ok: false; message: string };

export const rowKeyText = (key: RowKey) => JSON.stringify(key);

/**
 * A value typed into a matrix cell: one table row takes it as it is; a cell
 * over several rows (a subtotal, a year total, several entities) spreads it
 * over them with `spreadTotal`. Rows whose value would not change are left out.
 */
export function planMatrixEdit(under: readonly BaseCell[], target: bigint, current: (cell: BaseCell) => bigint | null): MatrixEdit {
  if (under.length === 1) {
    const only = under[0]!;
    if (!only.editable) return { ok: false, message: 'Locked: you may not change this line.' };
    return { ok: true, updates: current(only) === target ? [] : [{ cell: only, units: target }], spread: null };
  }
  const result = spreadTotal(
    target,
    under.map((c) => ({ current: current(c), editable: c.editable })),
  );
  if (!result.ok) return result;
  const updates = under.flatMap((cell, i) => {
    const units = result.values[i];
    return units === null || units === undefined || units === current(cell) ? [] : [{ cell, units }];
  });
  return { ok: true, updates, spread: result.mode };
}

/**
 * Sends matrix edits as changesets, one at a time in the order typed (each
 * expects the values the one before it left), and keeps what was typed on
 * screen until the table is read again after the write.
 */
export function useMatrixWrites(table: string, valueColumn: string, scale: number) {
  const { app, reportChange } = usePage();
  const toasts = useToasts();
  const [pending, setPending] = useState<Map<string, { units: bigint; writtenAt: number | null }>>(new Map());
  const [cellStates, setCellStates] = useState<Map<string, MatrixCellState>>(new Map());
  const [status, setStatus] = useState<MatrixStatus>({ saving: 0, last: null });
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  /** A table row's value as the matrix should show it: what was typed and not yet read back, else what was read. */
  const shownValue = useCallback((cell: BaseCell) => {
    const typed = pendingRef.current.get(rowKeyText(cell.key));
    return typed ? typed.units : cell.units;
  }, []);

  /** Forget typed values once a read sent after their write arrived. */
  const settle = useCallback((issuedAt: number) => {
    setPending((prev) => {
      let changed = false;
      const next = new Map(prev);
      for (const [key, entry] of prev) {
        if (entry.writtenAt !== null && entry.writtenAt < issuedAt) {
          next.delete(key);
          changed = true;
        }
      }
      return changed ? next : prev;
    });
  }, []);

  const write = useCallback(
    (cellId: string, updates: { cell: BaseCell; units: bigint }[], spread: 'proportional' | 'even' | null, typed: bigint) => {
      if (updates.length === 0) return;
      // The expected values are the ones on screen: read, or typed before and saved by an earlier changeset.
      const changes: Change[] = updates.map(({ cell, units }) => {
        const typedBefore = pendingRef.current.get(rowKeyText(cell.key));
        return {
          op: 'update',
          // Keys are as the warehouse returned them (JSON scalars).
          key: cell.key as CellRow,
          set: { [valueColumn]: fromUnits(units, scale) },
          expect: { [valueColumn]: typedBefore ? fromUnits(typedBefore.units, scale) : (cell.raw as string | number | null) },
        };
      });
      setPending((prev) => {
        const next = new Map(prev);
        for (const { cell, units } of updates) next.set(rowKeyText(cell.key), { units, writtenAt: null });
        return next;
      });
      setCellStates((prev) => new Map(prev).set(cellId, { status: 'saving' }));
      setStatus((s) => ({ ...s, saving: s.saving + updates.length }));
      const reason = spread
        ? `Spread ${formatNumber(fromUnits(typed, scale), scale)} over ${updates.length} cells (${spread === 'even' ? 'evenly' : 'in proportion'})`
        : undefined;
      const run = async () => {
        const keys = new Set(updates.map((u) => rowKeyText(u.cell.key)));
        try {
          const result = await submitChangeset(app.name, table, { changes, ...(reason ? { reason } : {}) });
          const writtenAt = performance.now();
          setPending((prev) => {
            const next = new Map(prev);
            for (const key of keys) {
              const entry = next.get(key);
              if (entry) next.set(key, { ...entry, writtenAt });
            }
            return next;
          });
          setCellStates((prev) => {
            const next = new Map(prev);
            next.delete(cellId);
            return next;
          });
          setStatus((s) => ({ saving: s.saving - updates.length, last: { cells: updates.length, at: Date.now(), spread: Boolean(spread) } }));
          if (result.changesetId)
            reportChange(
              table,
              updates.map((u) => u.cell.key),
              result.changesetId,
            );
        } catch (err) {
          const error = toApiErrorLike(err);
          const details = (error.details ?? {}) as { conflicts?: WriteConflict[]; issues?: ValidationIssue[] };
          let message = error.message;
          if (error.code === 'WB_CONFLICT' && details.conflicts?.length) {
            const who = details.conflicts[0]?.changedBy ?? 'someone else';
            message = `${who} changed ${details.conflicts.length === 1 ? 'a cell' : `${details.conflicts.length} cells`} under this one meanwhile; nothing was saved. The matrix now shows their values.`;
          } else if (error.code === 'WB_VALIDATION' && details.issues?.length) {
            message = distinctMessages(details.issues.map((i) => i.message))
              .map((m) => m.message)
              .join(' ');
          }
          setPending((prev) => {
            const next = new Map(prev);
            for (const key of keys) next.delete(key);
            return next;
          });
          setCellStates((prev) => new Map(prev).set(cellId, { status: 'error', message }));
          setStatus((s) => ({ ...s, saving: s.saving - updates.length }));
          toasts.show({ tone: error.code === 'WB_CONFLICT' ? 'warning' : 'error', title: `Not saved: ${message}` });
          if (error.code === 'WB_CONFLICT')
            reportChange(
              table,
              updates.map((u) => u.cell.key),
              '',
            );
        }
      };
      queue.current = queue.current.then(run, run);
    },
    [app.name, table, valueColumn, scale, reportChange, toasts],
  );

  const clearState = useCallback((cellId: string) => {
    setCellStates((prev) => {
      if (!prev.has(cellId)) return prev;
      const next = new Map(prev);
      next.delete(cellId);
      return next;
    });
  }, []);

  /** A typed value refused before sending (not a number, a locked total). */
  const failLocally = useCallback((cellId: string, message: string) => {
    setCellStates((prev) => new Map(prev).set(cellId, { status: 'error', message }));
  }, []);

  return { pending, shownValue, settle, write, cellStates, clearState, failLocally, status };
}
