import { createContext, useCallback, useLayoutEffect, useRef } from 'react';
import type { GridSelection } from '@glideapps/glide-data-grid';
import type { ColumnInfo, Row } from '../api/types';
import { cellId, keyOf } from '../ui/row-keys';

/** Cell editors call this when they open. */
export const EditStartContext = createContext<() => void>(() => undefined);

interface Snapshot {
  id: string;
  value: unknown;
}

/**
 * Remembers the value a cell showed when its editor opened. Live updates may refresh the row while
 * the editor is open; the user still changed the value they saw, so that value is what the
 * changeset `expect`s, and a concurrent change surfaces as a conflict instead of being overwritten.
 */
export function useEditSnapshot(selection: GridSelection, rows: Row[], columns: ColumnInfo[], keyColumns: string[]) {
  const latest = useRef({ selection, rows, columns });
  useLayoutEffect(() => {
    latest.current = { selection, rows, columns };
  });
  const snapshot = useRef<Snapshot | null>(null);

  const markStart = useCallback(() => {
    const { selection: current, rows: records, columns: cols } = latest.current;
    const [col, row] = current.current?.cell ?? [];
    const column = col === undefined ? undefined : cols[col];
    const record = row === undefined ? undefined : records[row];
    snapshot.current = column && record ? { id: cellId(keyOf(record, keyColumns), column.name), value: record[column.name] ?? null } : null;
  }, [keyColumns]);

  /** What the user saw in the cell: the snapshot if this cell's editor was open, else the current value. */
  const seenValue = useCallback((id: string, current: unknown): { value: unknown; fromEditor: boolean } => {
    const snap = snapshot.current;
    if (snap && snap.id === id) return { value: snap.value, fromEditor: true };
    return { value: current ?? null, fromEditor: false };
  }, []);

  const clear = useCallback(() => {
    snapshot.current = null;
  }, []);

  return { markStart, seenValue, clear };
}
