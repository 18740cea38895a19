import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { FillPatternEventArgs, Rectangle } from '@glideapps/glide-data-grid';
import type { ColumnInfo, Row, TableInfo } from '../api/types';
import { humanize, isNumericType } from '../ui/format';
import { cellId, keyOf } from '../ui/row-keys';
import type { CellChange } from './cell-changes';
import { parseCellInput } from './cell-input';
import { fillPattern, parseClipboardText, placePaste } from './clipboard-text';
import { sameValue } from './grid-cells';
import { mayEditCell } from './row-access';
import type { CellWrites } from './use-cell-writes';
import type { GridRows } from './use-grid-rows';

/** The most cells one changeset may hold (the server's limit). */
export const MAX_CELLS_PER_CHANGESET = 50_000;

/** A paste or fill reading the rows it covers. */
export interface BulkProgress {
  label: string;
  done: number;
  of: number;
}

interface GridBulkOptions {
  stage: RefObject<HTMLElement | null>;
  table: TableInfo;
  columns: ColumnInfo[];
  rows: GridRows;
  writes: CellWrites;
  /** The selected rectangle (grid coordinates), if any. */
  range: () => Rectangle | undefined;
  editorOpen: () => boolean;
  /** Selects what was pasted or filled. */
  select: (range: Rectangle) => void;
}

/**
 * Paste, fill down / right and the fill handle: each becomes ONE changeset, however many cells,
 * with the rows it covers read from the warehouse when nobody scrolled to them (with progress).
 * A cell that cannot be read (text in a number column) stops the whole paste, saying which.
 */
export function useGridBulk(options: GridBulkOptions) {
  const latest = useRef(options);
  latest.current = options;
  const [progress, setProgress] = useState<BulkProgress | null>(null);

  /** The changes for `cells` (grid coordinates) on the rows `records` starting at grid row `top`. */
  const buildChanges = useCallback((top: number, records: Row[], cells: { col: number; row: number; text?: string; value?: unknown }[]) => {
    const { columns, table, writes } = latest.current;
    const changes: CellChange[] = [];
    const problems: string[] = [];
    let readOnly = 0;
    for (const cell of cells) {
      const column = columns[cell.col];
      const record = records[cell.row - top];
      if (!column || !record) continue;
      if (!mayEditCell(table, column, record)) {
        readOnly += 1;
        continue;
      }
      let after = cell.value;
      if (cell.text !== undefined) {
        const parsed = parseCellInput(column, cell.text);
        if (!parsed.ok) {
          problems.push(`row ${(cell.row + 1).toLocaleString('en-US')}, ${humanize(column.name)}: ${parsed.message}`);
          continue;
        }
        after = parsed.value;
      }
      const key = keyOf(record, table.key);
      const before = writes.expectedValue(cellId(key, column.name), record[column.name]);
      if (sameValue(after, before, isNumericType(column.type))) continue;
      changes.push({ key, column: column.name, before, after: after ?? null });
    }
    return { changes, problems, readOnly };
  }, []);

  /** Reads the rows top..top+count with progress, then writes `cells` as one changeset. */
  const run = useCallback(
    async (label: string, target: Rectangle, cells: (records: Row[]) => { col: number; row: number; text?: string; value?: unknown }[]) => {
      const { rows, writes, select } = latest.current;
      const available = Math.max(0, Math.min(target.height, (rows.total ?? 0) - target.y));
      if (available === 0) return;
      const cellCount = available * target.width;
      if (cellCount > MAX_CELLS_PER_CHANGESET) {
        writes.refuse(
          `${label}: ${cellCount.toLocaleString('en-US')} cells is more than one change can hold (${MAX_CELLS_PER_CHANGESET.toLocaleString('en-US')}); do it in parts.`,
        );
        return;
      }
      setProgress({ label, done: 0, of: available });
      try {
        const records = await rows.fetchRange(target.y, available, (done, of) => setProgress({ label, done, of }));
        const { changes, problems, readOnly } = buildChanges(target.y, records, cells(records));
        if (problems.length) {
          writes.refuse(
            `Nothing pasted: ${problems.length.toLocaleString('en-US')} cell${problems.length === 1 ? '' : 's'} cannot be read — ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}`,
          );
          return;
        }
        if (readOnly && !changes.length) {
          writes.refuse(`${label}: those cells are read-only for you; nothing was written.`);
          return;
        }
        writes.edit(changes, label);
        select({ x: target.x, y: target.y, width: target.width, height: available });
      } catch (error) {
        writes.refuse(`${label} failed: ${(error as Error).message}`);
      } finally {
        setProgress(null);
      }
    },
    [buildChanges],
  );

  const paste = useCallback(
    (text: string) => {
      const { range, columns } = latest.current;
      const selected = range();
      if (!selected) return;
      const placement = placePaste(parseClipboardText(text), selected);
      const width = Math.min(placement.cells[0]?.length ?? 0, columns.length - placement.x);
      const height = placement.cells.length;
      if (width <= 0 || height === 0) return;
      void run('Paste', { x: placement.x, y: placement.y, width, height }, (records) =>
        records.flatMap((_, r) => Array.from({ length: width }, (_, c) => ({ col: placement.x + c, row: placement.y + r, text: placement.cells[r]![c]! }))),
      );
    },
    [run],
  );

  /** Repeats `source` over `destination` (which contains it), as one changeset. */
  const fill = useCallback(
    (label: string, source: Rectangle, destination: Rectangle) => {
      const { rows, columns, writes, table } = latest.current;
      const pattern: unknown[][] = [];
      for (let r = 0; r < source.height; r++) {
        const record = rows.rowAt(source.y + r);
        if (!record) return;
        pattern.push(
          Array.from({ length: source.width }, (_, c) => {
            const column = columns[source.x + c];
            if (!column) return null;
            return writes.expectedValue(cellId(keyOf(record, table.key), column.name), record[column.name]);
          }),
        );
      }
      const targets = fillPattern(pattern, source, destination);
      void run(label, destination, () => targets.map((t) => ({ col: t.col, row: t.row, value: t.value })));
    },
    [run],
  );

  const fillDown = useCallback(() => {
    const range = latest.current.range();
    if (!range || range.height < 2) return;
    fill('Fill down', { ...range, height: 1 }, range);
  }, [fill]);

  const fillRight = useCallback(() => {
    const range = latest.current.range();
    if (!range || range.width < 2) return;
    fill('Fill right', { ...range, width: 1 }, range);
  }, [fill]);

  /** The fill handle was dragged: the grid's own fill is replaced by one changeset. */
  const onFillPattern = useCallback(
    (event: FillPatternEventArgs) => {
      event.preventDefault();
      fill('Fill', event.patternSource, event.fillDestination);
    },
    [fill],
  );

  // Paste lands in the grid when the grid has focus (not while a cell editor or a box has it).
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const { stage, editorOpen } = latest.current;
      const active = document.activeElement;
      if (!stage.current || !active || !stage.current.contains(active) || editorOpen() || !active.closest('canvas')) return;
      const text = event.clipboardData?.getData('text/plain');
      if (text === undefined) return;
      event.preventDefault();
      paste(text);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [paste]);

  return { progress, fillDown, fillRight, onFillPattern, paste };
}
