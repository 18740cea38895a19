import { useCallback, useEffect, useRef, useState } from 'react';
import type { Row } from '../api/types';
import { usePage } from '../apps/page-context';
import { useSelf } from '../live/use-live-changes';
import { cellId, keyId } from '../ui/row-keys';
import { changedCells } from './row-diff';

/** How long a cell someone else changed stays marked with their name. */
export const FLASH_MS = 4_000;
/** A change event waits this long for its rows to come back refetched. */
const PENDING_MS = 15_000;

export interface CellFlash {
  /** Who changed the cell (username). */
  user: string;
  until: number;
}

interface PendingChange {
  keys: Set<string> | null;
  user: string;
  at: number;
}

/**
 * Cells other people changed, seen as they change: a live change event names its author and rows;
 * when those rows come back refetched, the cells whose values differ are marked with the name for
 * a few seconds. This person's own writes are not marked.
 */
export function useCellFlashes(table: string, keyColumns: string[], columns: readonly string[]) {
  const { onTableChange } = usePage();
  const self = useSelf();
  const pending = useRef<PendingChange[]>([]);
  const [flashes, setFlashes] = useState<ReadonlyMap<string, CellFlash>>(new Map());
  const latest = useRef({ keyColumns, columns });
  latest.current = { keyColumns, columns };

  useEffect(
    () =>
      onTableChange((change) => {
        if (change.table !== table || !change.user || change.user === self) return;
        const now = Date.now();
        pending.current = [
          ...pending.current.filter((p) => now - p.at < PENDING_MS),
          { keys: change.keys ? new Set(change.keys.map(keyId)) : null, user: change.user, at: now },
        ];
      }),
    [onTableChange, table, self],
  );

  // Expired marks go, so the grid redraws those cells plain.
  useEffect(() => {
    if (!flashes.size) return;
    const next = Math.min(...[...flashes.values()].map((f) => f.until));
    const timer = window.setTimeout(
      () => {
        const now = Date.now();
        setFlashes((prev) => new Map([...prev].filter(([, f]) => f.until > now)));
      },
      Math.max(0, next - Date.now()) + 20,
    );
    return () => window.clearTimeout(timer);
  }, [flashes]);

  /** Rows came back refetched: marks what others changed in them. */
  const onRowsReplaced = useCallback((before: readonly Row[], after: readonly Row[]) => {
    if (!pending.current.length) return;
    const { keyColumns: keys, columns: shown } = latest.current;
    const now = Date.now();
    const marks: [string, CellFlash][] = [];
    for (const { key, column } of changedCells(before, after, keys, shown)) {
      const id = keyId(key);
      const author = [...pending.current].reverse().find((p) => p.keys === null || p.keys.has(id));
      if (author) marks.push([cellId(key, column), { user: author.user, until: now + FLASH_MS }]);
    }
    if (marks.length) setFlashes((prev) => new Map([...prev, ...marks]));
  }, []);

  return { flashes, onRowsReplaced };
}
