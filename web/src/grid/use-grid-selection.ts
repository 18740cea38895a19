import { useCallback, useRef, useState, type RefObject } from 'react';
import { CompactSelection, type DataEditorRef, type GridSelection, type Item, type Rectangle } from '@glideapps/glide-data-grid';

export const EMPTY_SELECTION: GridSelection = { columns: CompactSelection.empty(), rows: CompactSelection.empty() };

/** A selection of one cell. */
export function cellSelection([col, row]: Item): GridSelection {
  return {
    current: { cell: [col, row], range: { x: col, y: row, width: 1, height: 1 }, rangeStack: [] },
    columns: CompactSelection.empty(),
    rows: CompactSelection.empty(),
  };
}

/**
 * The grid's selection, held by the block. A ref mirrors the state so that keystrokes handled before
 * React re-renders (typing right after a move) act on the cell the person sees selected.
 */
export function useGridSelection(editor: RefObject<DataEditorRef | null>, size: () => { columns: number; rows: number }) {
  const [selection, setState] = useState<GridSelection>(EMPTY_SELECTION);
  const ref = useRef(selection);

  const setSelection = useCallback((next: GridSelection) => {
    ref.current = next;
    setState(next);
  }, []);

  /** Selects the cell `movement` away from `from` (clamped to the grid) and scrolls it into view. */
  const moveFrom = useCallback(
    (from: Item, [dx, dy]: readonly [number, number]) => {
      const { columns, rows } = size();
      if (columns === 0 || rows === 0) return;
      const col = Math.min(Math.max(from[0] + dx, 0), columns - 1);
      const row = Math.min(Math.max(from[1] + dy, 0), rows - 1);
      setSelection(cellSelection([col, row]));
      editor.current?.scrollTo(col, row);
    },
    [editor, size, setSelection],
  );

  const current = useCallback((): Item | undefined => ref.current.current?.cell, []);
  const range = useCallback((): Rectangle | undefined => ref.current.current?.range, []);

  return { selection, setSelection, moveFrom, current, range, ref };
}

export type GridSelectionState = ReturnType<typeof useGridSelection>;
