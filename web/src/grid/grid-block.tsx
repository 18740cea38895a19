import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  DataEditor,
  GridCellKind,
  type DataEditorRef,
  type EditListItem,
  type GridCell,
  type GridKeyEventArgs,
  type GridSelection,
  type Item,
} from '@glideapps/glide-data-grid';
import '@glideapps/glide-data-grid/dist/index.css';
import type { ColumnInfo, GridBlockSpec, Row, RowKey, TableInfo } from '../api/types';
import { usePage } from '../apps/page-context';
import { BlockFrame } from '../blocks/block-frame';
import { ChangesDialog } from '../changes/changes-dialog';
import { usePreview } from '../preview/preview-context';
import { AsOfBanner } from '../time-travel/as-of-banner';
import { HistoryPanel, HistoryPlaceholder } from '../history/history-panel';
import { ErrorBanner } from '../ui/error-banner';
import { formatColumnValue, formatLoose, humanize, isIdentifierColumn, isNumericType } from '../ui/format';
import { cellId, keyLabel, keyId, keyOf, sameKey } from '../ui/row-keys';
import type { CellChange } from './cell-changes';
import { useCellEditor, type EditorSession, type Movement } from './cell-editor';
import { parseCellInput } from './cell-input';
import { drawCellMarks, markCell } from './cell-marks';
import { CellPopover } from './cell-popover';
import { buildCell, editorText, sameValue } from './grid-cells';
import { isCellEditable, resolveColumns, toGridColumns } from './grid-columns';
import { classifyGridKey } from './grid-keys';
import { useGridProbe } from './grid-probe';
import { GridStatus } from './grid-status';
import { GRID_THEME, gridHeight, HEADER_HEIGHT, ROW_HEIGHT } from './grid-theme';
import { GridPager, GridToolbar } from './grid-toolbar';
import { useCellWrites } from './use-cell-writes';
import { useGridData } from './use-grid-data';
import { cellSelection, EMPTY_SELECTION, useGridSelection } from './use-grid-selection';

const LOADING_CELL: GridCell = { kind: GridCellKind.Loading, allowOverlay: false };

/** Live: editable as the user's permissions allow. As of a past time, or previewing another user: read-only. */
type GridMode = 'live' | 'as-of' | 'preview';

const READ_ONLY_LABEL: Record<GridMode, string> = { live: 'Read-only', 'as-of': 'Read-only · past data', preview: 'Read-only · preview' };
const NO_REVERT_NOTE: Record<GridMode, string | undefined> = {
  live: undefined,
  'as-of': 'Reverting works on live data: go back to live to revert a change.',
  preview: 'Preview is read-only: stop previewing to revert a change.',
};

export function GridBlock({ spec }: { spec: GridBlockSpec }) {
  const { app, asOf } = usePage();
  const { previewAs } = usePreview();
  const table = app.tables[spec.table];
  if (!table || table.readable === false) {
    return (
      <BlockFrame spec={spec}>
        <ErrorBanner error={{ code: 'UI_TABLE_UNAVAILABLE', message: `Table "${spec.table}" is not available to you.` }} />
      </BlockFrame>
    );
  }
  const mode: GridMode = asOf ? 'as-of' : previewAs ? 'preview' : 'live';
  // Keyed by the time looked at: live rows must never show under an "as of" banner, not even while the past loads.
  return <EditableGrid key={asOf ?? 'live'} spec={spec} permitted={table} mode={mode} />;
}

function readOnly(table: TableInfo): TableInfo {
  return { ...table, canInsert: false, canUpdate: false, canDelete: false };
}

/** The cell an editor was opened on: its row by key, so a refresh that moves rows cannot redirect the edit. */
interface EditTarget {
  key: RowKey;
  column: ColumnInfo;
  /** The value the cell showed when the editor opened: what the write expects to replace. */
  seen: unknown;
}

function EditableGrid({ spec, permitted, mode }: { spec: GridBlockSpec; permitted: TableInfo; mode: GridMode }) {
  const table = useMemo(() => (mode === 'live' ? permitted : readOnly(permitted)), [mode, permitted]);
  const canRevert = mode === 'live' && (permitted.canUpdate || permitted.canInsert || permitted.canDelete);
  const [showChanges, setShowChanges] = useState(false);
  const data = useGridData(spec, table);
  const editorRef = useRef<DataEditorRef>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [historyKey, setHistoryKey] = useState<RowKey | null>(null);
  /** A cell whose conflict waits for a choice: its popover stays open until it is settled. */
  const [pinned, setPinned] = useState<{ key: RowKey; column: string } | null>(null);

  const columns = useMemo(() => resolveColumns(table, spec.columns), [table, spec.columns]);
  const columnNames = useMemo(() => columns.map((c) => c.name), [columns]);
  const gridColumns = useMemo(() => toGridColumns(columns, table, data.sort, widths), [columns, table, data.sort, widths]);
  const { rows } = data;
  const latest = useRef({ rows, columns });
  latest.current = { rows, columns };

  const size = useCallback(() => ({ columns: latest.current.columns.length, rows: latest.current.rows.length }), []);
  const selection = useGridSelection(editorRef, size);
  const rowIndexOf = useCallback((key: RowKey) => latest.current.rows.findIndex((r) => sameKey(keyOf(r, table.key), key)), [table.key]);

  const formatValue = useCallback(
    (column: string, value: unknown) => {
      const info = latest.current.columns.find((c) => c.name === column);
      if (value === null || value === undefined || !info) return formatLoose(value);
      return formatColumnValue(value, info, table.key) || formatLoose(value);
    },
    [table.key],
  );

  /** Selects a cell by row key and column and scrolls it into view (a toast's "Show", an undo). */
  const reveal = useCallback(
    (key: RowKey, column: string) => {
      const row = rowIndexOf(key);
      const col = latest.current.columns.findIndex((c) => c.name === column);
      setHistoryKey(key);
      if (row < 0 || col < 0) return;
      selection.setSelection(cellSelection([col, row]));
      editorRef.current?.scrollTo(col, row);
      editorRef.current?.focus();
    },
    [rowIndexOf, selection],
  );

  const writes = useCellWrites({
    table: spec.table,
    patchRow: data.patchRow,
    reload: data.reload,
    describeCell: (key, column) => `${keyLabel(key)} · ${humanize(column)}`,
    formatValue,
    reveal,
    onConflict: (key, column) => setPinned({ key, column }),
  });

  useGridProbe(
    spec.id,
    {
      rowAt: (index) => latest.current.rows[index],
      rowCount: () => latest.current.rows.length,
      columns: () => columnNames,
      pendingWrites: () => writes.pending(),
      cellState: (key, column) => writes.cells.get(cellId(key, column))?.status ?? null,
    },
    editorRef,
  );

  const editTargetAt = useCallback(
    ([col, row]: Item): EditTarget | null => {
      const column = latest.current.columns[col];
      const record = latest.current.rows[row];
      if (!column || !record || !isCellEditable(table, column)) return null;
      const key = keyOf(record, table.key);
      return { key, column, seen: writes.expectedValue(cellId(key, column.name), record[column.name]) };
    },
    [table, writes],
  );

  const writeCell = useCallback(
    (target: EditTarget, value: unknown) => {
      if (sameValue(value, target.seen, isNumericType(target.column.type))) return;
      writes.edit([{ key: target.key, column: target.column.name, before: target.seen, after: value }]);
    },
    [writes],
  );

  const editor = useCellEditor<EditTarget>({
    stage: stageRef,
    boundsOf: ([col, row]) => editorRef.current?.getBounds(col, row),
    onCommit: (session: EditorSession<EditTarget>, text: string) => {
      const parsed = parseCellInput(session.target.column, text);
      if (!parsed.ok) return parsed.message;
      setHistoryKey(session.target.key);
      writeCell(session.target, parsed.value);
      return null;
    },
    onClose: (session: EditorSession<EditTarget>, movement: Movement) => {
      editorRef.current?.focus();
      if (movement[0] === 0 && movement[1] === 0) return;
      // Move from where the edited row is now (a refresh may have moved it), as a spreadsheet does.
      const index = rowIndexOf(session.target.key);
      selection.moveFrom([session.cell[0], index >= 0 ? index : session.cell[1]], movement);
    },
  });

  /** Empties the selected editable cells in one changeset; a column that may not be empty says so once. */
  const clearSelection = useCallback(() => {
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
    if (first) {
      const names = [...refused.keys()].map(humanize);
      writes.refuse(`${names.join(', ')} can't be empty; type a value instead.`, { key: first.key, column: first.column.name });
    }
    if (changes.length) {
      setHistoryKey(changes[0]!.key);
      writes.edit(changes, 'Clear');
    }
  }, [selection, editTargetAt, writes]);

  const undoOrRedo = useCallback(
    (which: 'undo' | 'redo') => {
      const changes = which === 'undo' ? writes.undo() : writes.redo();
      const first = changes?.[0];
      if (first) reveal(first.key, first.column);
    },
    [writes, reveal],
  );

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
          const column = latest.current.columns[cell[0]];
          if (action.kind === 'type' && action.text === ' ' && column?.type.toUpperCase().startsWith('BOOL')) return;
          const text = action.kind === 'type' ? action.text : action.kind === 'compose' ? '' : null;
          if (action.kind === 'compose') event.cancel();
          else stop();
          openEditor(cell, text, action.kind === 'edit' ? 'edit' : 'enter', action.kind === 'compose');
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
        default:
          return;
      }
    },
    [editor, selection, openEditor, clearSelection, undoOrRedo],
  );

  // The grid focuses itself one animation frame after a click; keys typed before that frame would be
  // lost. Focusing it in the pointer event itself closes that gap.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onPointerDown = (event: PointerEvent) => {
      if (editor.isOpen()) return;
      const target = event.target as Element | null;
      if (target?.closest('canvas')) editorRef.current?.focus();
    };
    stage.addEventListener('pointerdown', onPointerDown, true);
    return () => stage.removeEventListener('pointerdown', onPointerDown, true);
  }, [editor, data.loading]);

  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      const column = columns[col];
      const record = rows[row];
      if (!column || !record) return LOADING_CELL;
      const state = writes.cells.get(cellId(keyOf(record, table.key), column.name));
      const cell = buildCell(column, record[column.name], state, {
        editable: isCellEditable(table, column),
        identifier: isIdentifierColumn(column, table.key),
      });
      return markCell(cell, state?.status === 'error' || state?.status === 'conflict' || state?.status === 'held' ? state.status : undefined);
    },
    [columns, rows, writes.cells, table],
  );

  // Only boolean cells are still changed by the grid itself (a click on the checkbox).
  const onCellsEdited = useCallback(
    (items: readonly EditListItem[]) => {
      for (const { location, value } of items) {
        const target = editTargetAt(location);
        if (!target || value.kind !== GridCellKind.Boolean) continue;
        setHistoryKey(target.key);
        writeCell(target, typeof value.data === 'boolean' ? value.data : null);
      }
      return true;
    },
    [editTargetAt, writeCell],
  );

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

  const [hovered, setHovered] = useState<Item | null>(null);
  const popover = useMemo(() => {
    const pinnedCell: Item | undefined = pinned ? [columns.findIndex((c) => c.name === pinned.column), rowIndexOf(pinned.key)] : undefined;
    for (const cell of [hovered, selection.selection.current?.cell, pinnedCell]) {
      if (!cell || cell[0] < 0 || cell[1] < 0) continue;
      const column = columns[cell[0]];
      const record = rows[cell[1]];
      if (!column || !record) continue;
      const key = keyOf(record, table.key);
      const feedback = writes.cells.get(cellId(key, column.name));
      if (feedback && feedback.status !== 'saving' && feedback.status !== 'saved') return { cell, key, column, feedback };
    }
    return null;
  }, [hovered, pinned, selection.selection, columns, rows, table.key, writes.cells, rowIndexOf]);
  const popoverPosition = (() => {
    if (!popover) return null;
    const bounds = editorRef.current?.getBounds(popover.cell[0], popover.cell[1]);
    const stage = stageRef.current?.getBoundingClientRect();
    if (!bounds || !stage) return null;
    return { left: bounds.x - stage.left, top: bounds.y - stage.top + bounds.height + 4 };
  })();

  const onSelectionChange = useCallback(
    (next: GridSelection) => {
      selection.setSelection(next);
      const rowIndex = next.rows.first() ?? next.current?.cell[1];
      const record = rowIndex === undefined ? undefined : latest.current.rows[rowIndex];
      if (record) setHistoryKey(keyOf(record, table.key));
    },
    [selection, table.key],
  );

  const changePage = useCallback(
    (offset: number) => {
      selection.setSelection(EMPTY_SELECTION);
      data.setOffset(offset);
    },
    [data, selection],
  );

  return (
    <BlockFrame
      spec={spec}
      refreshing={data.refreshing}
      actions={
        <>
          <GridStatus
            status={writes.status}
            cells={writes.cells}
            canUndo={writes.canUndo}
            canRedo={writes.canRedo}
            onUndo={() => undoOrRedo('undo')}
            onRedo={() => undoOrRedo('redo')}
          />
          <GridToolbar
            total={data.total}
            loading={data.loading || data.refreshing}
            readOnlyLabel={table.canUpdate ? null : READ_ONLY_LABEL[permitted.canUpdate ? mode : 'live']}
            onRefresh={data.reload}
            onShowChanges={permitted.readsAllRows ? () => setShowChanges(true) : undefined}
          />
        </>
      }
    >
      <div className="grid-layout" ref={layoutRef}>
        <div className="grid-main">
          <AsOfBanner tableTitle={permitted.title ?? spec.table} />
          {data.error ? <ErrorBanner error={data.error} onRetry={data.reload} /> : null}
          <div className="grid-stage" ref={stageRef}>
            <div className="grid-frame" data-testid={`grid-${spec.id}`} data-loading={data.loading ? 'true' : 'false'}>
              {data.loading ? (
                <div className="skeleton skeleton-block" style={{ height: gridHeight(8) }} aria-busy="true" />
              ) : (
                <DataEditor
                  ref={editorRef}
                  columns={gridColumns}
                  rows={rows.length}
                  getCellContent={getCellContent}
                  onCellsEdited={onCellsEdited}
                  onKeyDown={onGridKeyDown}
                  onCellActivated={(cell) => openEditor(cell, null, 'double-click')}
                  cellActivationBehavior="double-click"
                  editOnType={false}
                  onPaste={false}
                  getCellsForSelection={true}
                  gridSelection={selection.selection}
                  onGridSelectionChange={onSelectionChange}
                  onHeaderClicked={(col) => {
                    const name = columns[col]?.name;
                    if (!name) return;
                    selection.setSelection(EMPTY_SELECTION);
                    data.toggleSort(name);
                  }}
                  onColumnResize={(column, width) => {
                    if (column.id) setWidths((prev) => ({ ...prev, [column.id as string]: width }));
                  }}
                  onVisibleRegionChanged={editor.reposition}
                  onItemHovered={(args) => setHovered(args.kind === 'cell' ? args.location : null)}
                  drawCell={drawCellMarks}
                  rowMarkers={{ kind: 'clickable-number', startIndex: data.offset + 1 }}
                  rowSelect="single"
                  columnSelect="none"
                  rangeSelect="rect"
                  rowHeight={ROW_HEIGHT}
                  headerHeight={HEADER_HEIGHT}
                  smoothScrollX
                  smoothScrollY
                  theme={GRID_THEME}
                  width="100%"
                  height={gridHeight(rows.length)}
                />
              )}
            </div>
            {editor.element}
            {popover && popoverPosition && !editor.session ? (
              <CellPopover
                feedback={popover.feedback}
                position={popoverPosition}
                label={`${keyLabel(popover.key)} · ${humanize(popover.column.name)}`}
                format={(value) => formatValue(popover.column.name, value)}
                onResolve={(groupId, choice) => {
                  setHistoryKey(popover.key);
                  setPinned(null);
                  writes.resolve(groupId, choice);
                  editorRef.current?.focus();
                }}
                onDismiss={() => writes.dismiss(cellId(popover.key, popover.column.name))}
              />
            ) : null}
          </div>
          <GridPager offset={data.offset} count={rows.length} total={data.total} pageSize={data.pageSize} onPage={changePage} />
        </div>
        {historyKey ? (
          <HistoryPanel
            key={keyId(historyKey)}
            table={spec.table}
            rowKey={historyKey}
            columns={columns}
            onClose={() => setHistoryKey(null)}
            canRevert={canRevert}
            readOnlyNote={NO_REVERT_NOTE[mode]}
          />
        ) : (
          <HistoryPlaceholder />
        )}
      </div>
      {showChanges ? <ChangesDialog table={spec.table} info={permitted} onClose={() => setShowChanges(false)} /> : null}
    </BlockFrame>
  );
}
