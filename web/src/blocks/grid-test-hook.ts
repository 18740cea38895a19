import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { DataEditorRef } from '@glideapps/glide-data-grid';
import type { Row } from '../api/types';

export interface GridProbe {
  rows: () => Row[];
  columns: () => string[];
  /** Cell rectangle in CSS pixels relative to the viewport, i.e. what page.mouse expects. */
  cellBounds: (col: number, row: number) => { x: number; y: number; width: number; height: number } | null;
}

declare global {
  interface Window {
    __roundtripGrids?: Record<string, GridProbe>;
  }
}

/**
 * The grid draws on a canvas, so automated checks cannot find cells in the DOM.
 * This probe exposes the rows on screen and where each cell is drawn.
 */
export function useGridProbe(blockId: string, rows: Row[], columns: string[], editor: RefObject<DataEditorRef | null>) {
  const state = useRef({ rows, columns });
  useLayoutEffect(() => {
    state.current = { rows, columns };
  });

  useEffect(() => {
    const registry = (window.__roundtripGrids ??= {});
    registry[blockId] = {
      rows: () => state.current.rows,
      columns: () => state.current.columns,
      cellBounds: (col, row) => {
        const bounds = editor.current?.getBounds(col, row);
        // Before the first layout pass the grid reports NaN; callers should wait and ask again.
        if (!bounds || ![bounds.x, bounds.y, bounds.width, bounds.height].every(Number.isFinite)) return null;
        return { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
      },
    };
    return () => {
      delete registry[blockId];
    };
  }, [blockId, editor]);
}
