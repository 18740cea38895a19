import { useCallback, useMemo, useRef, useState } from 'react';
import {
  CompactSelection,
  DataEditor,
  GridCellKind,
  type DataEditorRef,
  type EditListItem,
  type GridCell,
  type GridSelection,
  type Item,
} from '@glideapps/glide-data-grid';
import '@glideapps/glide-data-grid/dist/index.css';
import type { GridBlockSpec, RowKey, TableInfo } from '../api/types';
import { usePage } from '../apps/page-context';
import { ChangesDialog } from '../changes/changes-dialog';
import { usePreview } from '../preview/preview-context';
import { AsOfBanner } from '../time-travel/as-of-banner';
import { HistoryPanel, HistoryPlaceholder } from '../history/history-panel';
import { ErrorBanner } from '../ui/error-banner';
import { isIdentifierColumn } from '../ui/format';
import { cellId, keyId, keyOf } from '../ui/row-keys';
import { BlockFrame } from './block-frame';
import { buildCell, coercePaste, editedValue, sameValue } from './grid-cells';
import { isCellEditable, resolveColumns, toGridColumns } from './grid-columns';
import { GridFeedback } from './grid-feedback';
import { provideCellEditor } from './grid-editor';
import { EditStartContext, useEditSnapshot } from './grid-edit-start';
import { GRID_THEME, gridHeight, HEADER_HEIGHT, ROW_HEIGHT } from './grid-theme';
import { GridPager, GridToolbar } from './grid-toolbar';
import { useGridProbe } from './grid-test-hook';
import { useGridData } from './use-grid-data';
import { useGridEdits, type UpdateChange } from './use-grid-edits';

const EMPTY_SELECTION: GridSelection = { columns: CompactSelection.empty(), rows: CompactSelection.empty() };
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

function EditableGrid({ spec, permitted, mode }: { spec: GridBlockSpec; permitted: TableInfo; mode: GridMode }) {
  const table = useMemo(() => (mode === 'live' ? permitted : readOnly(permitted)), [mode, permitted]);
  const canRevert = mode === 'live' && (permitted.canUpdate || permitted.canInsert || permitted.canDelete);
  const [showChanges, setShowChanges] = useState(false);
  const data = useGridData(spec, table);
  const edits = useGridEdits({ table: spec.table, patchRow: data.patchRow, reload: data.reload });
  const editorRef = useRef<DataEditorRef>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [selection, setSelection] = useState<GridSelection>(EMPTY_SELECTION);
  const [historyKey, setHistoryKey] = useState<RowKey | null>(null);

  const columns = useMemo(() => resolveColumns(table, spec.columns), [table, spec.columns]);
  const columnNames = useMemo(() => columns.map((c) => c.name), [columns]);
  const gridColumns = useMemo(() => toGridColumns(columns, table, data.sort, widths), [columns, table, data.sort, widths]);
  const { rows } = data;
  useGridProbe(spec.id, rows, columnNames, editorRef);
  const snapshot = useEditSnapshot(selection, rows, columns, table.key);

  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      const column = columns[col];
      const record = rows[row];
      if (!column || !record) return LOADING_CELL;
      const state = edits.cells.get(cellId(keyOf(record, table.key), column.name));
      return buildCell(column, record[column.name], state, {
        editable: isCellEditable(table, column),
        identifier: isIdentifierColumn(column, table.key),
      });
    },
    [columns, rows, edits.cells, table],
  );

  // Every commit (one typed cell or a whole pasted block) becomes exactly one changeset.
  const onCellsEdited = useCallback(
    (items: readonly EditListItem[]) => {
      const byRow = new Map<string, UpdateChange>();
      for (const { location, value } of items) {
        const column = columns[location[0]];
        const record = rows[location[1]];
        if (!column || !record || !isCellEditable(table, column)) continue;
        const key = keyOf(record, table.key);
        const id = cellId(key, column.name);
        const next = editedValue(column, value);
        const seen = snapshot.seenValue(id, record[column.name]);
        const pending = edits.cells.get(id);
        const before = !seen.fromEditor && pending && pending.status !== 'error' ? pending.value : seen.value;
        if (sameValue(next, before)) continue;
        const change = byRow.get(keyId(key)) ?? { op: 'update' as const, key, set: {}, expect: {} };
        change.set[column.name] = next;
        change.expect[column.name] = seen.value;
        byRow.set(keyId(key), change);
      }
      snapshot.clear();
      void edits.submit([...byRow.values()]);
      return true;
    },
    [columns, rows, table, edits, snapshot],
  );

  const onSelectionChange = useCallback(
    (next: GridSelection) => {
      setSelection(next);
      const rowIndex = next.rows.first() ?? next.current?.cell[1];
      const record = rowIndex === undefined ? undefined : rows[rowIndex];
      if (record) setHistoryKey(keyOf(record, table.key));
    },
    [rows, table.key],
  );

  const changePage = useCallback(
    (offset: number) => {
      setSelection(EMPTY_SELECTION);
      data.setOffset(offset);
    },
    [data],
  );

  return (
    <BlockFrame
      spec={spec}
      refreshing={data.refreshing}
      actions={
        <GridToolbar
          total={data.total}
          loading={data.loading || data.refreshing}
          saving={edits.saving}
          readOnlyLabel={table.canUpdate ? null : READ_ONLY_LABEL[permitted.canUpdate ? mode : 'live']}
          onRefresh={data.reload}
          onShowChanges={permitted.readsAllRows ? () => setShowChanges(true) : undefined}
        />
      }
    >
      <div className="grid-layout">
        <div className="grid-main">
          <AsOfBanner tableTitle={permitted.title ?? spec.table} />
          {data.error ? <ErrorBanner error={data.error} onRetry={data.reload} /> : null}
          <div className="grid-frame" data-testid={`grid-${spec.id}`} data-loading={data.loading ? 'true' : 'false'}>
            {data.loading ? (
              <div className="skeleton skeleton-block" style={{ height: gridHeight(8) }} aria-busy="true" />
            ) : (
              <EditStartContext.Provider value={snapshot.markStart}>
                <DataEditor
                  ref={editorRef}
                  columns={gridColumns}
                  rows={rows.length}
                  getCellContent={getCellContent}
                  onCellsEdited={onCellsEdited}
                  onPaste={true}
                  coercePasteValue={coercePaste}
                  provideEditor={provideCellEditor}
                  onFinishedEditing={snapshot.clear}
                  getCellsForSelection={true}
                  gridSelection={selection}
                  onGridSelectionChange={onSelectionChange}
                  onHeaderClicked={(col) => {
                    const name = columns[col]?.name;
                    if (name) data.toggleSort(name);
                  }}
                  onColumnResize={(column, width) => {
                    if (column.id) setWidths((prev) => ({ ...prev, [column.id as string]: width }));
                  }}
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
              </EditStartContext.Provider>
            )}
          </div>
          <GridPager offset={data.offset} count={rows.length} total={data.total} pageSize={data.pageSize} onPage={changePage} />
          <GridFeedback edits={edits} columns={columns} keyColumns={table.key} />
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
