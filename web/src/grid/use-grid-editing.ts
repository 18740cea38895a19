import { useCallback, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import type { DataEditorRef, GridKeyEventArgs, Item } from '@glideapps/glide-data-grid';
import type { ColumnInfo, Row, RowKey, TableInfo } from '../api/types';
import { humanize, isBooleanType, isNumericType } from '../ui/format';
import { cellId, keyOf } from '../ui/row-keys';
import type { CellChange } from './cell-changes';
import { useCellEditor, type EditorSession, type Movement } from './cell-editor';
import { parseCellInput } from './cell-input';
import { editorText, sameValue } from './grid-cells';
import { mayEditCell } from './row-access';
import { classifyGridKey } from './grid-keys';
import type { CellWrites } from './use-cell-writes';
import type { GridSelectionState } from './use-grid-selection';

/** The cell an editor was opened on: its row by key, so a refresh that moves rows cannot redirect the edit. */
export interface EditTarget {
  key: RowKey;
  column: ColumnInfo;
  /** The value the cell showed when the editor opened: what the write expects to replace. */
  seen: unknown;
}

interface GridEditingOptions {
  stage: RefObject<HTMLElement | null>;
  grid: RefObject<DataEditorRef | null>;
  table: TableInfo;
  columns: ColumnInfo[];
  rowAt: (index: number) => Row | undefined;
  rowIndexOf: (key: RowKey) => number;
  writes: CellWrites;
  selection: GridSelectionState;
  /** A cell was edited (typed, cleared, toggled): its row, for the history panel. */
  onEdited: (key: RowKey) => void;
  reveal: (key: RowKey, column: string) => void;
  /** Shown under the open editor (the cell changed underneath it). */
  notice?: (target: EditTarget) => ReactNode;
}

/**
 * Editing cells of a grid like a spreadsheet: the cell editor, the keys on the grid (type to
 * replace, F2, Enter, Delete, Ctrl+Z / Ctrl+Shift+Z, Ctrl+D / Ctrl+R), and the focus that makes
 * every keystroke land where the person is looking.
 */
export function useGridEditing(options: GridEditingOptions) {
  const latest = useRef(options);
  latest.current = options;
  const fills = useRef<{ down: () => void; right: () => void }>({ down: () => undefined, right: () => undefined });

  const editTargetAt = useCallback(([col, row]: Item): EditTarget | null => {
    const { columns, rowAt, table, writes } = latest.current;
    const column = columns[col];
    const record = rowAt(row);
    if (!column || !record || !mayEditCell(table, column, record)) return null;
    const key = keyOf(record, table.key);
    return { key, column, seen: writes.expectedValue(cellId(key, column.name), record[column.name]) };
  }, []);

  const write = useCallback((target: EditTarget, value: unknown) => {
    if (sameValue(value, target.seen, isNumericType(target.column.type))) return;
    latest.current.onEdited(target.key);
    latest.current.writes.edit([{ key: target.key, column: target.column.name, before: target.seen, after: value }]);
  }, []);

  const writeAt = useCallback(
    (cell: Item, value: unknown) => {
      const target = editTargetAt(cell);
      if (target) write(target, value);
    },
    [editTargetAt, write],
  );

  const editor = useCellEditor<EditTarget>({
    stage: options.stage,
    notice: options.notice ? (session) => options.notice?.(session.target) : undefined,
    boundsOf: ([col, row]) => latest.current.grid.current?.getBounds(col, row),
    onCommit: (session: EditorSession<EditTarget>, text: string) => {
      const parsed = parseCellInput(session.target.column, text);
      if (!parsed.ok) return parsed.message;
      latest.current.onEdited(session.target.key);
      write(session.target, parsed.value);
      return null;
    },
    onClose: (session: EditorSession<EditTarget>, movement: Movement) => {
      const { grid, rowIndexOf, selection } = latest.current;
      grid.current?.focus();
      if (movement[0] === 0 && movement[1] === 0) return;
      // Move from where the edited row is now (a refresh may have moved it), as a spreadsheet does.
      const index = rowIndexOf(session.target.key);
      selection.moveFrom([session.cell[0], index >= 0 ? index : session.cell[1]], movement);
    },
  });

  /** Empties the selected editable cells in one changeset; a column that may not be empty says so once. */
  const clearSelection = useCallback(() => {
    const { selection, writes } = latest.current;
    const range = selection.range();
    if (!range) return;
    const changes: CellChange[] = [];
    const refused = new Map<string, EditTarget>();
    for (let row = range.y; row < range.y + range.height; row++) {
      for (let col = range.x; col < range.x + range.width; col++) {
        const target = editTargetAt([col, row]);
        if (!target || target.seen === null) continue;
        if (!target.column.nullable) {
          if (!refused.has(target.column.name)) refused.set(target.column.name, target);
          continue;
        }
        changes.push({ key: target.key, column: target.column.name, before: target.seen, after: null });
      }
    }
    const first = [...refused.values()][0];
    if (first)
      writes.refuse(`${[...refused.keys()].map(humanize).join(', ')} can't be empty; type a value instead.`, { key: first.key, column: first.column.name });
    if (changes.length) {
      latest.current.onEdited(changes[0]!.key);
      writes.edit(changes, 'Clear');
    }
  }, [editTargetAt]);

  const undoOrRedo = useCallback((which: 'undo' | 'redo') => {
    const { writes, reveal } = latest.current;
    const changes = which === 'undo' ? writes.undo() : writes.redo();
    const first = changes?.[0];
    if (first) reveal(first.key, first.column);
  }, []);

  const openEditor = useCallback(
    (cell: Item, text: string | null, how: 'enter' | 'edit' | 'double-click', compose = false): boolean => {
      const target = editTargetAt(cell);
      if (!target) return false;
      return editor.open({
        cell,
        target,
        text: text ?? editorText(target.seen),
        mode: how === 'enter' ? 'enter' : 'edit',
        selectAll: how === 'double-click',
        align: isNumericType(target.column.type) ? 'right' : 'left',
        compose,
      });
    },
    [editTargetAt, editor],
  );

  const onGridKeyDown = useCallback(
    (event: GridKeyEventArgs) => {
      if (editor.isOpen()) return;
      const { selection, columns } = latest.current;
      const action = classifyGridKey(event);
      const cell = selection.current();
      if (!action || !cell) return;
      const stop = () => {
        event.cancel();
        event.preventDefault();
        event.stopPropagation();
      };
      switch (action.kind) {
        case 'type':
        case 'compose':
        case 'edit': {
          const column = columns[cell[0]];
          // Space on a checkbox is the grid's own toggle.
          if (action.kind === 'type' && action.text === ' ' && column && isBooleanType(column.type)) return;
          if (action.kind === 'compose') event.cancel();
          else stop();
          openEditor(
            cell,
            action.kind === 'type' ? action.text : action.kind === 'compose' ? '' : null,
            action.kind === 'edit' ? 'edit' : 'enter',
            action.kind === 'compose',
          );
          return;
        }
        case 'clear':
          stop();
          clearSelection();
          return;
        case 'move':
          stop();
          selection.moveFrom(cell, [action.dx, action.dy]);
          return;
        case 'undo':
        case 'redo':
          stop();
          undoOrRedo(action.kind);
          return;
        case 'fill-down':
          stop();
          fills.current.down();
          return;
        case 'fill-right':
          stop();
          fills.current.right();
          return;
      }
    },
    [editor, openEditor, clearSelection, undoOrRedo],
  );

  const onCellActivated = useCallback((cell: Item) => void openEditor(cell, null, 'double-click'), [openEditor]);

  // The grid focuses itself one animation frame after a click; keys typed before that frame would be
  // lost. Focusing it in the pointer event itself closes that gap.
  useEffect(() => {
    const stage = options.stage.current;
    if (!stage) return;
    const onPointerDown = (event: PointerEvent) => {
      if (editor.isOpen()) return;
      // The grid's canvas sits under its scroller: the pointer lands on the scroller's elements.
      const frame = stage.querySelector('.grid-frame');
      if (frame?.contains(event.target as Node)) latest.current.grid.current?.focus();
    };
    stage.addEventListener('pointerdown', onPointerDown, true);
    return () => stage.removeEventListener('pointerdown', onPointerDown, true);
  });

  // Undo and redo also answer while focus is on the grid's own buttons and popovers (the canvas has its own keys).
  const layoutRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const layout = layoutRef.current;
    if (!layout) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, canvas')) return;
      const action = classifyGridKey(event);
      if (action?.kind !== 'undo' && action?.kind !== 'redo') return;
      event.preventDefault();
      undoOrRedo(action.kind);
    };
    layout.addEventListener('keydown', onKeyDown);
    return () => layout.removeEventListener('keydown', onKeyDown);
  }, [undoOrRedo]);

  return {
    editor,
    onGridKeyDown,
    onCellActivated,
    writeAt,
    undoOrRedo,
    layoutRef,
    /** Ctrl+D and Ctrl+R run these (the block's paste-and-fill logic). */
    bindFill: (down: () => void, right: () => void) => {
      fills.current = { down, right };
    },
  };
}
