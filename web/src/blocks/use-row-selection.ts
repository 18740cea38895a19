import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Row } from '../api/types';

export interface RowSelection {
  /** Keys of the ticked rows, in the order of the rows on screen. */
  keys: Record<string, unknown>[];
  isSelected: (index: number) => boolean;
  /** Ticks or unticks a row; with `range`, every row from the last one clicked to this one, like a spreadsheet. */
  toggle: (index: number, range: boolean) => void;
  /** Ticks every row shown, or none when they all are. */
  toggleAll: () => void;
  clear: () => void;
  allSelected: boolean;
}

/**
 * Ticked rows of a table, by key (the `key` columns of each row), so a refresh keeps what is still
 * there ticked and drops what left the table (e.g. records a mapping moved out of the "unmapped" view).
 */
export function useRowSelection(rows: readonly Row[], key: readonly string[]): RowSelection {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<number | null>(null);
  const ids = useMemo(() => rows.map((row) => JSON.stringify(key.map((k) => row[k] ?? null))), [rows, key]);

  useEffect(() => {
    const present = new Set(ids);
    setTicked((prev) => {
      const kept = [...prev].filter((id) => present.has(id));
      return kept.length === prev.size ? prev : new Set(kept);
    });
  }, [ids]);

  const toggle = useCallback(
    (index: number, range: boolean) => {
      // Read the anchor now: the updater runs later, after it moved to this row.
      const start = range && anchor.current !== null && anchor.current < ids.length ? anchor.current : index;
      const from = Math.min(start, index);
      const to = Math.max(start, index);
      setTicked((prev) => {
        const next = new Set(prev);
        const on = !prev.has(ids[index]!);
        for (let i = from; i <= to; i++) on ? next.add(ids[i]!) : next.delete(ids[i]!);
        return next;
      });
      anchor.current = index;
    },
    [ids],
  );

  const allSelected = ids.length > 0 && ids.every((id) => ticked.has(id));
  const toggleAll = useCallback(() => setTicked(allSelected ? new Set() : new Set(ids)), [allSelected, ids]);
  const clear = useCallback(() => setTicked(new Set()), []);
  const keys = useMemo(
    () => rows.flatMap((row, i) => (ticked.has(ids[i]!) ? [Object.fromEntries(key.map((k) => [k, row[k] ?? null]))] : [])),
    [rows, ids, ticked, key],
  );
  return { keys, isSelected: (i) => ticked.has(ids[i]!), toggle, toggleAll, clear, allSelected };
}
