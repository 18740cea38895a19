import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { DataEditorRef } from '@glideapps/glide-data-grid';
import type { Row } from '../api/types';

/** What a grid tells automated checks: its grid draws on a canvas, so they cannot read cells from the DOM. */
export interface GridProbeSource {
  /** Loaded rows by grid row index (holes for rows not fetched yet). */
  rowAt: (index: number) => Row | undefined;
  /** Rows the grid scrolls through (not counting the totals row). */
  rowCount: () => number;
  columns: () => string[];
  /** Changesets of this grid queued or on their way to the server. */
  pendingWrites: () => number;
  /** The write state of a cell by row key and column (`saving`, `saved`, `error`, `conflict`), or null. */
  cellState: (key: Row, column: string) => string | null;
  /** Extra facts a block adds (e.g. the matrix's cell values). */
  extra?: () => Record<string, unknown>;
}

export interface GridProbe {
  /** The rows loaded from the top of the grid, in order (stops at the first row not fetched yet). */
  rows: () => Row[];
  rowAt: (index: number) => Row | null;
  rowCount: () => number;
  columns: () => string[];
  pendingWrites: () => number;
  cellState: (key: Row, column: string) => string | null;
  /** Cell rectangle in CSS pixels relative to the viewport, i.e. what page.mouse expects. */
  cellBounds: (col: number, row: number) => { x: number; y: number; width: number; height: number } | null;
  scrollTo: (col: number, row: number) => void;
  extra: () => Record<string, unknown>;
}

declare global {
  interface Window {
    __roundtripGrids?: Record<string, GridProbe>;
  }
}

/**
 * Exposes a grid to browser tests as `window.__roundtripGrids[blockId]`. Only test builds
 * (`npm run build:web:test`, which sets `__ROUNDTRIP_TEST_HOOKS__`) carry it: in the production
 * bundle the hook is an empty function and this code is dropped.
 */
export const useGridProbe: (blockId: string, source: GridProbeSource, editor: RefObject<DataEditorRef | null>) => void = __ROUNDTRIP_TEST_HOOKS__
  ? useGridProbeForTests
  : () => undefined;

function useGridProbeForTests(blockId: string, source: GridProbeSource, editor: RefObject<DataEditorRef | null>) {
  const state = useRef(source);
  useLayoutEffect(() => {
    state.current = source;
  });

  useEffect(() => {
    const registry = (window.__roundtripGrids ??= {});
    registry[blockId] = {
      rows: () => {
        const rows: Row[] = [];
        for (let i = 0; i < state.current.rowCount(); i++) {
          const row = state.current.rowAt(i);
          if (!row) break;
          rows.push(row);
        }
        return rows;
      },
      rowAt: (index) => state.current.rowAt(index) ?? null,
      rowCount: () => state.current.rowCount(),
      columns: () => state.current.columns(),
      pendingWrites: () => state.current.pendingWrites(),
      cellState: (key, column) => state.current.cellState(key, column),
      cellBounds: (col, row) => {
        const bounds = editor.current?.getBounds(col, row);
        // Before the first layout pass the grid reports NaN; callers should wait and ask again.
        if (!bounds || ![bounds.x, bounds.y, bounds.width, bounds.height].every(Number.isFinite)) return null;
        return { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
      },
      scrollTo: (col, row) => editor.current?.scrollTo(col, row, 'both', 0, 0, { vAlign: 'center' }),
      extra: () => state.current.extra?.() ?? {},
    };
    return () => {
      delete registry[blockId];
    };
  }, [blockId, editor]);
}
