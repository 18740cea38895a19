import type { DrawCellCallback, GridCell } from '@glideapps/glide-data-grid';

/** What a cell's corner says: refused, in conflict, waiting on a conflict. */
export type CellMarkKind = 'error' | 'conflict' | 'held';

const MARK_COLOR: Record<CellMarkKind, string> = { error: '#d92d20', conflict: '#ea580c', held: '#ca8a04' };

const marks = new WeakMap<GridCell, CellMarkKind>();

/** Tags a cell (as returned by getCellContent) with a corner mark. */
export function markCell<T extends GridCell>(cell: T, mark: CellMarkKind | undefined): T {
  if (mark) marks.set(cell, mark);
  return cell;
}

/** Draws the cell, then its mark: a triangle in the top-right corner, as spreadsheets mark a note. */
export const drawCellMarks: DrawCellCallback = (args, drawContent) => {
  drawContent();
  const mark = marks.get(args.cell);
  if (!mark) return;
  const { ctx, rect } = args;
  const size = 8;
  ctx.save();
  ctx.fillStyle = MARK_COLOR[mark];
  ctx.beginPath();
  ctx.moveTo(rect.x + rect.width - size, rect.y);
  ctx.lineTo(rect.x + rect.width, rect.y);
  ctx.lineTo(rect.x + rect.width, rect.y + size);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
};
