import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DataEditor, GridCellKind, type DataEditorRef, type EditListItem, type GridCell, type GridSelection, type Item } from '@glideapps/glide-data-grid';
import '@glideapps/glide-data-grid/dist/index.css';
import type { ColumnInfo, GridBlockSpec, RowKey, TableInfo } from '../api/types';
import { paramsFor, usePage } from '../apps/page-context';
import { BlockFrame } from '../blocks/block-frame';
import { ChangesDialog } from '../changes/changes-dialog';
import { usePreview } from '../preview/preview-context';
import { useElementWidth } from '../ui/use-element-width';
import { GridExportMenu } from '../office/grid-export-menu';
import { ImportDialog } from '../office/import-dialog';
import { AsOfBanner } from '../time-travel/as-of-banner';
import { HistoryPanel, HistoryPlaceholder } from '../history/history-panel';
import { CommentsPanel } from '../comments/comments-panel';
import { RowSideTabs, type RowSideTab } from '../comments/row-side-tabs';
import { useCommentCounts } from '../comments/use-comment-counts';
import { ErrorBanner } from '../ui/error-banner';
import { formatColumnValue, formatLoose, humanize, isIdentifierColumn, isNumericType } from '../ui/format';
import { cellId, keyLabel, keyId, keyOf } from '../ui/row-keys';
import { drawCellMarks, markCell, markComments } from './cell-marks';
import { CellPopover } from './cell-popover';
import { ChangedUnderneath } from './changed-underneath';
import { buildCell, sameValue } from './grid-cells';
import { HEADER_ICONS, phoneColumnOrder, resolveColumns, toGridColumns } from './grid-columns';
import { cellRefusal, mayEditCell } from './row-access';
import { PHONE_QUERY, useMediaQuery } from '../ui/use-media-query';
import { ColumnMenu, GridFilterBar } from './grid-filters';
import { GridProgress } from './grid-progress';
import { useGridProbe } from './grid-probe';
import { GridStatus } from './grid-status';
import { GRID_THEME, gridHeight, HEADER_HEIGHT, ROW_HEIGHT } from './grid-theme';
import { GridToolbar } from './grid-toolbar';
import { TOTALS_ROW_THEME, totalsAggregates, totalsCell, totalsWidths } from './grid-totals';
import { personColor } from '../ui/initials';
import { useCellFlashes } from './use-cell-flashes';
import { useCellWrites } from './use-cell-writes';
import { useGridBulk } from './use-grid-bulk';
import { useGridEditing } from './use-grid-editing';
import { useGridQuery } from './use-grid-query';
import { useGridRows } from './use-grid-rows';
import { cellSelection, useGridSelection } from './use-grid-selection';
import { looseKeyId, useAnnounceEditing, useRowEditors } from './use-row-editors';

const LOADING_CELL: GridCell = { kind: GridCellKind.Loading, allowOverlay: false };
/** A row someone else is editing. */
const EDITED_ROW_THEME = { bgCell: '#fffbeb' };

/** Live: editable as the user's permissions allow. As of a past time, or previewing another user: read-only. */
type GridMode = 'live' | 'as-of' | 'preview';

const READ_ONLY_LABEL: Record<GridMode, string> = { live: 'Read-only', 'as-of': 'Read-only · past data', preview: 'Read-only · preview' };
const NO_REVERT_NOTE: Record<GridMode, string | undefined> = {
  live: undefined,
  'as-of': 'Reverting works on live data: go back to live to revert a change.',
  preview: 'Preview is read-only: stop previewing to revert a change.',
};

const NO_COMMENT_NOTE = 'Comments are written on live data: go back to live, or stop previewing, to comment.';

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

function EditableGrid({ spec, permitted, mode }: { spec: GridBlockSpec; permitted: TableInfo; mode: GridMode }) {
  const table = useMemo(() => (mode === 'live' ? permitted : readOnly(permitted)), [mode, permitted]);
  const canRevert = mode === 'live' && (permitted.canUpdate || permitted.canInsert || permitted.canDelete);
  const [showChanges, setShowChanges] = useState(false);
  const [importing, setImporting] = useState(false);
  const page = usePage();
  const editorRef = useRef<DataEditorRef>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [historyKey, setHistoryKey] = useState<RowKey | null>(null);
  const [sideTab, setSideTab] = useState<RowSideTab>('history');
  const comments = useCommentCounts(page.app.name, spec.table, permitted.comments === true);
  /** A cell whose conflict waits for a choice: its popover stays open until it is settled. */
  const [pinned, setPinned] = useState<{ key: RowKey; column: string } | null>(null);
  const [menu, setMenu] = useState<{ column: ColumnInfo; left: number; top: number } | null>(null);

  const phone = useMediaQuery(PHONE_QUERY);
  const columns = useMemo(() => {
    const configured = resolveColumns(table, spec.columns);
    return phone ? phoneColumnOrder(table, configured) : configured;
  }, [table, spec.columns, phone]);
  const columnNames = useMemo(() => columns.map((c) => c.name), [columns]);
  const aggregates = useMemo(() => totalsAggregates(columns, table.key), [columns, table.key]);
  const gridQuery = useGridQuery(spec.table, table.key, columnNames);
  const flashes = useCellFlashes(spec.table, table.key, columnNames);
  const rowEditors = useRowEditors(page.app.name, spec.id);
  const rows = useGridRows(spec.table, gridQuery.query, aggregates, {
    blockSize: spec.pageSize,
    onRowsReplaced: flashes.onRowsReplaced,
    withEditable: table.canUpdate,
    alsoOn: table.lockedBy,
  });
  const rowCount = rows.total ?? 0;
  const hasTotals = aggregates.length > 0;
  const contentWidths = useMemo(() => totalsWidths(columns, rows.totals), [columns, rows.totals]);
  const stageWidth = useElementWidth(stageRef);
  // Row numbers take about 8 px a digit; the vertical scrollbar 14 px.
  const available = stageWidth === undefined ? undefined : stageWidth - (String(rowCount).length * 8 + 24) - 16;
  const gridColumns = useMemo(
    () => toGridColumns(columns, table, gridQuery.sort, widths, new Set(gridQuery.filters.map((f) => f.column)), contentWidths, available),
    [columns, table, gridQuery.sort, gridQuery.filters, widths, contentWidths, available],
  );
  const latest = useRef({ columns, rowCount });
  latest.current = { columns, rowCount };

  const size = useCallback(() => ({ columns: latest.current.columns.length, rows: latest.current.rowCount }), []);
  const selection = useGridSelection(editorRef, size);
  const rowIndexOf = useCallback((key: RowKey) => rows.indexOfKey(key, table.key), [rows, table.key]);

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
    patchRow: rows.patchRow,
    reload: rows.reload,
    describeCell: (key, column) => `${keyLabel(key)} · ${humanize(column)}`,
    formatValue,
    reveal,
    onConflict: (key, column) => setPinned({ key, column }),
  });

  const editing = useGridEditing({
    stage: stageRef,
    grid: editorRef,
    table,
    columns,
    rowAt: rows.rowAt,
    rowIndexOf,
    writes,
    selection,
    onEdited: setHistoryKey,
    reveal,
    notice: (target) => {
      const index = rowIndexOf(target.key);
      const record = index >= 0 ? rows.rowAt(index) : undefined;
      if (!record) return null;
      const id = cellId(target.key, target.column.name);
      const now = writes.expectedValue(id, record[target.column.name]);
      if (sameValue(now, target.seen, isNumericType(target.column.type))) return null;
      return (
        <ChangedUnderneath
          by={flashes.flashes.get(id)?.user ?? null}
          theirs={formatValue(target.column.name, now)}
          onTheirs={() => editing.editor.cancel()}
          onMine={() => editing.editor.retarget((t) => ({ ...t, seen: now }))}
        />
      );
    },
  });

  useAnnounceEditing(spec.id, spec.table, editing.editor.session?.target.key ?? null, mode === 'live');

  const bulk = useGridBulk({
    stage: stageRef,
    table,
    columns,
    rows,
    writes,
    range: selection.range,
    editorOpen: editing.editor.isOpen,
    select: (range) => selection.setSelection({ ...cellSelection([range.x, range.y]), current: { cell: [range.x, range.y], range, rangeStack: [] } }),
  });
  editing.bindFill(bulk.fillDown, bulk.fillRight);

  useGridProbe(
    spec.id,
    {
      rowAt: rows.rowAt,
      rowCount: () => latest.current.rowCount,
      columns: () => columnNames,
      pendingWrites: () => writes.pending() + (bulk.progress ? 1 : 0),
      cellState: (key, column) => writes.cells.get(cellId(key, column))?.status ?? null,
      extra: () => ({
        totals: rows.totals,
        total: rows.total,
        changedBy: Object.fromEntries([...flashes.flashes].map(([id, f]) => [id, f.user])),
        editingBy: Object.fromEntries([...rowEditors].map(([id, person]) => [id, person.displayName])),
        commentCounts: Object.fromEntries(comments.counts),
      }),
    },
    editorRef,
  );

  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      const column = columns[col];
      if (!column) return LOADING_CELL;
      if (row === rowCount) return totalsCell(column, col, rows.totals);
      const record = rows.rowAt(row);
      if (!record) return LOADING_CELL;
      const key = keyOf(record, table.key);
      const id = cellId(key, column.name);
      const state = writes.cells.get(id);
      const flash = state ? undefined : flashes.flashes.get(id);
      const built = buildCell(column, record[column.name], state, {
        editable: mayEditCell(table, column, record),
        identifier: isIdentifierColumn(column, table.key),
        changedBy: flash?.user,
      });
      const cell = col === 0 ? markComments(built, comments.countOf(key)) : built;
      if (state?.status === 'error' || state?.status === 'conflict' || state?.status === 'held') return markCell(cell, { kind: state.status });
      if (flash) return markCell(cell, { kind: 'changed-by', user: flash.user });
      const edge = col === 0;
      const tag = col === columns.length - 1;
      const editor = (edge || tag) && rowEditors.size ? rowEditors.get(looseKeyId(keyOf(record, table.key))) : undefined;
      return markCell(cell, editor ? { kind: 'editing-by', user: editor.displayName, color: personColor(editor.userId), edge, tag } : undefined);
    },
    // rows.rowAt reads refs: re-render ticks of the row model come with a new `rows` object.
    [columns, rows, rowCount, writes.cells, flashes.flashes, table, rowEditors, comments],
  );

  // Only boolean cells are still changed by the grid itself (a click on the checkbox).
  const onCellsEdited = useCallback(
    (items: readonly EditListItem[]) => {
      for (const { location, value } of items) {
        if (value.kind === GridCellKind.Boolean) editing.writeAt(location, typeof value.data === 'boolean' ? value.data : null);
      }
      return true;
    },
    [editing],
  );

  const [hovered, setHovered] = useState<Item | null>(null);
  const popover = useMemo(() => {
    const pinnedCell: Item | undefined = pinned ? [columns.findIndex((c) => c.name === pinned.column), rowIndexOf(pinned.key)] : undefined;
    for (const cell of [hovered, selection.selection.current?.cell, pinnedCell]) {
      if (!cell || cell[0] < 0 || cell[1] < 0) continue;
      const column = columns[cell[0]];
      const record = rows.rowAt(cell[1]);
      if (!column || !record) continue;
      const key = keyOf(record, table.key);
      const feedback = writes.cells.get(cellId(key, column.name));
      if (feedback && feedback.status !== 'saving' && feedback.status !== 'saved') return { cell, key, column, feedback };
    }
    return null;
  }, [hovered, pinned, selection.selection, columns, rows, table.key, writes.cells, rowIndexOf]);

  // A cell its column would let the person edit, but its row does not (a lock, the row policy): say why where they look.
  const refusal = useMemo(() => {
    for (const cell of [hovered, selection.selection.current?.cell]) {
      if (!cell || cell[0] < 0 || cell[1] < 0) continue;
      const column = columns[cell[0]];
      const record = rows.rowAt(cell[1]);
      const message = column && record ? cellRefusal(table, column, record) : null;
      if (column && record && message) return { cell, label: `${keyLabel(keyOf(record, table.key))} · ${humanize(column.name)}`, message };
    }
    return null;
  }, [hovered, selection.selection, columns, rows, table]);

  const stagePoint = (cell: Item, below: boolean) => {
    const bounds = editorRef.current?.getBounds(cell[0], cell[1]);
    const stage = stageRef.current?.getBoundingClientRect();
    if (!bounds || !stage) return null;
    return { left: bounds.x - stage.left, top: bounds.y - stage.top + (below ? bounds.height + 4 : 0) };
  };
  const popoverPosition = popover ? stagePoint(popover.cell, true) : null;
  const refusalPosition = refusal && !popover ? stagePoint(refusal.cell, true) : null;

  const onSelectionChange = useCallback(
    (next: GridSelection) => {
      selection.setSelection(next);
      const rowIndex = next.rows.first() ?? next.current?.cell[1];
      const record = rowIndex === undefined ? undefined : rows.rowAt(rowIndex);
      if (record) setHistoryKey(keyOf(record, table.key));
    },
    [selection, rows, table.key],
  );

  const sortBy = useCallback(
    (name: string) => {
      selection.setSelection(cellSelection([0, 0]));
      gridQuery.toggleSort(name);
      editorRef.current?.scrollTo(0, 0);
    },
    [selection, gridQuery],
  );

  // A new filter, search or sort shows its first rows.
  useEffect(() => {
    editorRef.current?.scrollTo(0, 0);
  }, [gridQuery.query]);

  const visibleRows = Math.min(Math.max(rowCount, 1), 14);
  const progress = bulk.progress ?? (writes.status.large ? { label: writes.status.large.label, done: 0, of: 0, saving: writes.status.large.cells } : null);

  return (
    <BlockFrame
      spec={spec}
      refreshing={rows.refreshing}
      actions={
        <>
          <GridStatus
            status={writes.status}
            cells={writes.cells}
            canUndo={writes.canUndo}
            canRedo={writes.canRedo}
            onUndo={() => editing.undoOrRedo('undo')}
            onRedo={() => editing.undoOrRedo('redo')}
          />
          <GridToolbar
            total={rowCount}
            loading={rows.loading || rows.refreshing}
            readOnlyLabel={table.canUpdate ? null : READ_ONLY_LABEL[permitted.canUpdate ? mode : 'live']}
            onRefresh={rows.reload}
            onShowChanges={permitted.readsAllRows ? () => setShowChanges(true) : undefined}
          >
            <GridExportMenu app={page.app.name} dataset={spec.table} query={gridQuery.query} params={paramsFor(page, spec.table)} />
            {mode === 'live' && (table.canUpdate || table.canInsert) ? (
              <button type="button" className="btn btn-small" onClick={() => setImporting(true)} data-testid="grid-import">
                <span aria-hidden="true">⇧</span>
                <span>Import</span>
              </button>
            ) : null}
          </GridToolbar>
        </>
      }
    >
      <div className="grid-layout" ref={editing.layoutRef}>
        <div className="grid-main">
          <AsOfBanner tableTitle={permitted.title ?? spec.table} />
          <GridFilterBar state={gridQuery} columns={columns} keyColumns={table.key} />
          {/* Always there, one line high: someone starting to edit must not move the rows under another person's pointer. */}
          <div className="grid-presence" data-testid="grid-presence" aria-live="polite">
            {rowEditors.size
              ? [...rowEditors.values()].map((person) => (
                  <span
                    key={person.userId}
                    className="grid-presence-tag"
                    style={{ color: personColor(person.userId) }}
                    title={`${person.displayName} is editing`}
                  >
                    <span>
                      {person.displayName} is editing {person.editing ? keyLabel(person.editing.key) : 'a row'}
                    </span>
                  </span>
                ))
              : null}
          </div>
          {rows.error ? <ErrorBanner error={rows.error} onRetry={rows.reload} /> : null}
          <div className="grid-stage" ref={stageRef}>
            <div className="grid-frame" data-testid={`grid-${spec.id}`} data-loading={rows.loading ? 'true' : 'false'}>
              {rows.loading ? (
                <div className="skeleton skeleton-block" style={{ height: gridHeight(8) }} aria-busy="true" />
              ) : (
                <DataEditor
                  ref={editorRef}
                  columns={gridColumns}
                  rows={rowCount + (hasTotals ? 1 : 0)}
                  freezeTrailingRows={hasTotals ? 1 : 0}
                  getRowThemeOverride={(row) => {
                    if (hasTotals && row === rowCount) return TOTALS_ROW_THEME;
                    if (!rowEditors.size) return undefined;
                    const record = rows.rowAt(row);
                    return record && rowEditors.has(looseKeyId(keyOf(record, table.key))) ? EDITED_ROW_THEME : undefined;
                  }}
                  getCellContent={getCellContent}
                  onCellsEdited={onCellsEdited}
                  onKeyDown={editing.onGridKeyDown}
                  onCellActivated={editing.onCellActivated}
                  cellActivationBehavior="double-click"
                  editOnType={false}
                  onPaste={false}
                  keybindings={{ paste: false, downFill: false, rightFill: false }}
                  fillHandle={table.canUpdate}
                  onFillPattern={bulk.onFillPattern}
                  getCellsForSelection={true}
                  gridSelection={selection.selection}
                  onGridSelectionChange={onSelectionChange}
                  onHeaderClicked={(col) => {
                    const name = columns[col]?.name;
                    if (name) sortBy(name);
                  }}
                  onHeaderMenuClick={(col, bounds) => {
                    const column = columns[col];
                    const stage = stageRef.current?.getBoundingClientRect();
                    if (column && stage) setMenu({ column, left: Math.max(0, bounds.x - stage.left - 180), top: bounds.y - stage.top + bounds.height });
                  }}
                  onColumnResize={(column, width) => {
                    if (column.id) setWidths((prev) => ({ ...prev, [column.id as string]: width }));
                  }}
                  onVisibleRegionChanged={(range) => {
                    rows.ensure(range.y, range.y + range.height);
                    editing.editor.reposition();
                  }}
                  onCellClicked={([col, row], event) => {
                    // The comment bubble of a row's first cell opens its thread.
                    const record = col === 0 ? rows.rowAt(row) : undefined;
                    if (!record || !permitted.comments || comments.countOf(keyOf(record, table.key)) === 0) return;
                    if (event.localEventX < 32 || event.localEventX > event.bounds.width - 32) setSideTab('comments');
                  }}
                  onItemHovered={(args) => setHovered(args.kind === 'cell' ? args.location : null)}
                  drawCell={drawCellMarks}
                  headerIcons={HEADER_ICONS}
                  rowMarkers={{ kind: 'clickable-number', startIndex: 1 }}
                  freezeColumns={table.key.length && columns[0] && table.key.includes(columns[0].name) ? 1 : 0}
                  rowSelect="single"
                  columnSelect="none"
                  rangeSelect="rect"
                  rowHeight={ROW_HEIGHT}
                  headerHeight={HEADER_HEIGHT}
                  smoothScrollX
                  smoothScrollY
                  theme={GRID_THEME}
                  width="100%"
                  height={gridHeight(visibleRows) + (hasTotals ? ROW_HEIGHT : 0)}
                />
              )}
            </div>
            {editing.editor.element}
            {progress ? <GridProgress progress={progress} /> : null}
            {popover && popoverPosition && !editing.editor.session ? (
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
            {refusal && refusalPosition && !editing.editor.session ? (
              <div className="cell-popover cell-popover-locked" style={refusalPosition} role="status" data-testid="cell-refusal">
                <p className="cell-popover-label">{refusal.label}</p>
                <p>{refusal.message}</p>
              </div>
            ) : null}
            {menu ? (
              <ColumnMenu
                key={menu.column.name}
                column={menu.column}
                current={gridQuery.filters.find((f) => f.column === menu.column.name)}
                position={{ left: menu.left, top: menu.top }}
                sorted={gridQuery.sort?.column === menu.column.name ? (gridQuery.sort.direction ?? 'asc') : null}
                onSort={() => {
                  sortBy(menu.column.name);
                  setMenu(null);
                }}
                onApply={(filter) => {
                  gridQuery.setColumnFilter(menu.column.name, filter);
                  setMenu(null);
                }}
                onClose={() => setMenu(null)}
              />
            ) : null}
          </div>
        </div>
        {historyKey && permitted.comments ? (
          <div className="row-side">
            <RowSideTabs tab={sideTab} onTab={setSideTab} comments={comments.countOf(historyKey)} />
            {sideTab === 'comments' ? (
              <CommentsPanel
                key={keyId(historyKey)}
                app={page.app.name}
                table={spec.table}
                rowKey={historyKey}
                readOnlyNote={mode === 'live' ? undefined : NO_COMMENT_NOTE}
              />
            ) : (
              <HistoryPanel
                key={keyId(historyKey)}
                table={spec.table}
                rowKey={historyKey}
                columns={columns}
                onClose={() => setHistoryKey(null)}
                canRevert={canRevert}
                readOnlyNote={NO_REVERT_NOTE[mode]}
              />
            )}
          </div>
        ) : historyKey ? (
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
          <HistoryPlaceholder comments={permitted.comments === true} />
        )}
      </div>
      {showChanges ? <ChangesDialog table={spec.table} info={permitted} onClose={() => setShowChanges(false)} /> : null}
      {importing ? (
        <ImportDialog
          app={page.app.name}
          table={spec.table}
          tableTitle={permitted.title ?? humanize(spec.table)}
          columns={permitted.columns.map((c) => c.name)}
          onClose={() => setImporting(false)}
          onApplied={() => page.refreshDatasets([spec.table])}
        />
      ) : null}
    </BlockFrame>
  );
}
