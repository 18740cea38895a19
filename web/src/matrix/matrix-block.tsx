import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MatrixBlockSpec } from '../api/types';
import { usePage } from '../apps/page-context';
import { BlockFrame } from '../blocks/block-frame';
import { normalizeNumberText } from '../grid/cell-input';
import { useSelf } from '../live/use-live-changes';
import { ErrorBanner } from '../ui/error-banner';
import { formatNumber } from '../ui/format';
import { Skeleton } from '../ui/spinner';
import { MatrixInput, type MoveDirection } from './matrix-input';
import { cellsUnder, lockReason, matrixLines, type BaseCell, type MatrixLine } from './matrix-model';
import { MatrixStatusLine } from './matrix-status';
import { fromUnits, toUnits } from './spread';
import { useMatrixData } from './use-matrix-data';
import { planMatrixEdit, rowKeyText, useMatrixWrites } from './use-matrix-writes';

const YEAR = '*';
const FLASH_MS = 2500;
const STEPS: Record<MoveDirection, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] };

/**
 * An editable pivot over a writable table: members of one column down
 * (grouped, with subtotals), of another across, the value column in the
 * cells, totals on the right and at the bottom. Every number is a sum of
 * table rows the person may read; typing into a cell sets its row, typing
 * into a total spreads the value over the rows under it, as one changeset.
 */
export function MatrixBlock({ spec }: { spec: MatrixBlockSpec }) {
  const data = useMatrixData(spec);
  const writes = useMatrixWrites(spec.table, spec.value, data.scale);
  const { settle } = writes;
  useEffect(() => {
    if (data.issuedAt) settle(data.issuedAt);
  }, [data.issuedAt, settle]);

  const lines = useMemo(() => matrixLines(data.rows, Boolean(spec.rows.group)), [data.rows, spec.rows.group]);
  const colIds = useMemo(() => data.columns.map((c) => c.id), [data.columns]);
  const columns = useMemo(() => [...data.columns.map((c) => ({ id: c.id, label: c.label })), { id: YEAR, label: 'Total' }], [data.columns]);
  const tableRef = useRef<HTMLTableElement>(null);

  const under = useCallback(
    (line: MatrixLine, colId: string): BaseCell[] => cellsUnder(data.index, line.rowIds, colId === YEAR ? colIds : [colId]),
    [data.index, colIds],
  );
  const { pending } = writes;
  const shown = useCallback(
    (cell: BaseCell) => {
      const typed = pending.get(rowKeyText(cell.key));
      return typed ? typed.units : cell.units;
    },
    [pending],
  );
  const sums = useMemo(() => {
    const out = new Map<string, bigint | null>();
    for (const line of lines) {
      for (const column of columns) {
        const cells = under(line, column.id);
        out.set(`${line.id}|${column.id}`, cells.length ? cells.reduce((sum, c) => sum + (shown(c) ?? 0n), 0n) : null);
      }
    }
    return out;
  }, [lines, columns, under, shown]);
  const flashes = useRemoteFlashes(spec.table, sums);

  const move = useCallback((r: number, c: number, direction: MoveDirection) => {
    const [dr, dc] = STEPS[direction];
    const target = tableRef.current?.querySelector<HTMLInputElement>(`input[data-r="${r + dr}"][data-c="${c + dc}"]`);
    target?.focus();
  }, []);

  const commit = useCallback(
    (line: MatrixLine, colId: string, text: string) => {
      const cellId = `${line.id}|${colId}`;
      const typed = parseTyped(text, data.scale);
      if (!typed.ok) {
        writes.failLocally(cellId, typed.message);
        return;
      }
      const edit = planMatrixEdit(under(line, colId), typed.units, writes.shownValue);
      if (!edit.ok) {
        writes.failLocally(cellId, edit.message);
        return;
      }
      writes.clearState(cellId);
      writes.write(cellId, edit.updates, edit.spread, typed.units);
    },
    [data.scale, under, writes],
  );

  if (data.error) return <MatrixFrame spec={spec}>{<ErrorBanner error={data.error} onRetry={data.reload} />}</MatrixFrame>;
  if (data.loading) return <MatrixFrame spec={spec}>{<Skeleton height={320} />}</MatrixFrame>;
  if (data.tooMany !== null) {
    return (
      <MatrixFrame spec={spec}>
        <p className="matrix-note" role="status">
          These filters select {data.tooMany.toLocaleString('en-US')} lines, more than one matrix shows (10,000): choose a narrower filter above.
        </p>
      </MatrixFrame>
    );
  }
  if (lines.length === 0 || data.columns.length === 0) {
    return (
      <MatrixFrame spec={spec}>
        <p className="matrix-note">Nothing to plan for these filters.</p>
      </MatrixFrame>
    );
  }

  return (
    <MatrixFrame
      spec={spec}
      refreshing={data.refreshing}
      status={<MatrixStatusLine status={writes.status} errors={[...writes.cellStates.values()].filter((c) => c.status === 'error').length} />}
    >
      <div className="matrix-scroll">
        <table className="matrix" ref={tableRef} data-testid={`matrix-${spec.id}`}>
          <thead>
            <tr>
              <th scope="col" className="matrix-corner" />
              {columns.map((column) => (
                <th key={column.id} scope="col" className={column.id === YEAR ? 'matrix-year' : undefined}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line, r) => (
              <tr key={line.id} className={`matrix-line matrix-${line.kind}`} data-line={line.id}>
                <th scope="row" title={line.label}>
                  {line.label}
                </th>
                {columns.map((column, c) => {
                  const cellId = `${line.id}|${column.id}`;
                  const cells = under(line, column.id);
                  const locked = lockReason(cells);
                  const sum = sums.get(cellId) ?? null;
                  const state = writes.cellStates.get(cellId);
                  const flash = flashes.get(cellId);
                  const classes = [
                    'matrix-input',
                    column.id === YEAR ? 'matrix-input-year' : '',
                    locked ? 'matrix-locked' : '',
                    cells.length > 1 && !locked ? 'matrix-spreads' : '',
                    state ? `matrix-${state.status}` : '',
                    flash ? 'matrix-flash' : '',
                  ].filter(Boolean);
                  const title =
                    state?.status === 'error'
                      ? state.message
                      : flash
                        ? `Changed by ${flash}`
                        : (locked ?? (cells.length > 1 ? `Typing here spreads the value over ${cells.length} lines` : undefined));
                  return (
                    <td key={column.id} className={column.id === YEAR ? 'matrix-year' : undefined}>
                      <MatrixInput
                        row={r}
                        col={c}
                        display={sum === null ? '' : formatNumber(fromUnits(sum, data.scale), data.scale)}
                        label={`${line.label}, ${column.label}`}
                        locked={locked}
                        className={classes.join(' ')}
                        title={title}
                        onCommit={(text) => commit(line, column.id, text)}
                        onMove={(direction) => move(r, c, direction)}
                      />
                      {state?.status === 'error' ? (
                        <span className="matrix-cell-error" role="alert">
                          {state.message}
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </MatrixFrame>
  );
}

function MatrixFrame({ spec, refreshing, status, children }: { spec: MatrixBlockSpec; refreshing?: boolean; status?: ReactNode; children: ReactNode }) {
  return (
    <BlockFrame spec={spec} refreshing={refreshing} actions={status}>
      {children}
    </BlockFrame>
  );
}

/** What the person typed, in units: empty means zero; a number with more decimals than the column keeps is refused. */
export function parseTyped(text: string, scale: number): { ok: true; units: bigint } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, units: 0n };
  const digits = normalizeNumberText(text);
  if (digits === null) return { ok: false, message: `Type a number, like 1250 or 1,250.50; "${text.trim()}" is not one.` };
  const decimals = digits.split('.')[1]?.replace(/0+$/, '') ?? '';
  if (decimals.length > scale) return { ok: false, message: scale === 0 ? 'Whole numbers only.' : `At most ${scale} decimals.` };
  const units = toUnits(digits, scale);
  if (units === null || units === undefined) return { ok: false, message: `Type a number; "${text.trim()}" is not one.` };
  return { ok: true, units };
}

/**
 * Cells whose sums changed because someone else wrote: a live change names
 * its author; when the refetched rows change a sum, that cell is marked with
 * the name for a moment.
 */
function useRemoteFlashes(table: string, sums: Map<string, bigint | null>): Map<string, string> {
  const { onTableChange } = usePage();
  const self = useSelf();
  const author = useRef<{ user: string; at: number } | null>(null);
  const previous = useRef<Map<string, bigint | null> | null>(null);
  const [flashes, setFlashes] = useState<Map<string, string>>(new Map());

  useEffect(
    () =>
      onTableChange((change) => {
        if (change.table === table && change.user && change.user !== self) author.current = { user: change.user, at: Date.now() };
      }),
    [onTableChange, table, self],
  );

  useEffect(() => {
    const before = previous.current;
    previous.current = sums;
    const by = author.current;
    if (!before || !by || Date.now() - by.at > 10_000) return;
    const changed = [...sums.entries()].filter(([id, value]) => before.has(id) && before.get(id) !== value).map(([id]) => id);
    if (changed.length === 0) return;
    author.current = null;
    setFlashes(new Map(changed.map((id) => [id, by.user])));
    const timer = window.setTimeout(() => setFlashes(new Map()), FLASH_MS);
    return () => window.clearTimeout(timer);
  }, [sums]);

  return flashes;
}
