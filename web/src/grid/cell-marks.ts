import type { DrawCellCallback, GridCell } from '@glideapps/glide-data-grid';

/** What a cell shows beyond its value: refused, in conflict, waiting on a conflict (a corner), or who just changed it (a name tag). */
export type CellMark =
  | { kind: 'error' | 'conflict' | 'held' }
  | { kind: 'changed-by'; user: string }
  | { kind: 'editing-by'; user: string; color: string; edge: boolean; tag: boolean };

const CORNER_COLOR = { error: '#d92d20', conflict: '#ea580c', held: '#ca8a04' } as const;
const TAG_COLOR = '#6d28d9';

const marks = new WeakMap<GridCell, CellMark>();
/** Comment counts of rows, drawn as a bubble in their first cell. */
const commentCounts = new WeakMap<GridCell, number>();
const BUBBLE_COLOR = '#2563eb';

/** Tags a cell (as returned by getCellContent) with a mark. */
export function markCell<T extends GridCell>(cell: T, mark: CellMark | undefined): T {
  if (mark) marks.set(cell, mark);
  return cell;
}

/** Tags a row's first cell with how many comments the row has (0: none, no bubble). */
export function markComments<T extends GridCell>(cell: T, count: number): T {
  if (count > 0) commentCounts.set(cell, count);
  return cell;
}

/** A speech bubble with the count at the end of the cell away from its text (left of right-aligned numbers). */
function drawCommentBubble(ctx: CanvasRenderingContext2D, rect: { x: number; y: number; width: number; height: number }, count: number, left: boolean) {
  ctx.font = '600 10px Inter, ui-sans-serif, system-ui, sans-serif';
  const label = count > 99 ? '99+' : String(count);
  const width = Math.max(ctx.measureText(label).width + 8, 16);
  const height = 14;
  const x = left ? rect.x + 4 : rect.x + rect.width - width - 4;
  const y = rect.y + (rect.height - height) / 2 - 1;
  ctx.fillStyle = BUBBLE_COLOR;
  ctx.beginPath();
  ctx.roundRect(x, y, width, height, 4);
  ctx.moveTo(x + 4, y + height - 1);
  ctx.lineTo(x + 3, y + height + 3);
  ctx.lineTo(x + 8, y + height - 1);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillText(label, x + width / 2, y + height / 2 + 0.5);
}

/** Draws the cell, then its mark: a triangle in the top-right corner (as spreadsheets mark a note), a name tag top-left, or a coloured edge and name for a row someone else edits. */
export const drawCellMarks: DrawCellCallback = (args, drawContent) => {
  drawContent();
  const { ctx, rect } = args;
  const comments = commentCounts.get(args.cell);
  if (comments) {
    ctx.save();
    drawCommentBubble(ctx, rect, comments, 'contentAlign' in args.cell && args.cell.contentAlign === 'right');
    ctx.restore();
  }
  const mark = marks.get(args.cell);
  if (!mark) return;
  ctx.save();
  if (mark.kind === 'editing-by') {
    // Someone else has an editor open on this row: a coloured left edge (first cell) and their name at the row's end (last cell).
    ctx.fillStyle = mark.color;
    if (mark.edge) ctx.fillRect(rect.x, rect.y, 3, rect.height);
    if (mark.tag) {
      ctx.font = '600 10px Inter, ui-sans-serif, system-ui, sans-serif';
      const width = Math.min(ctx.measureText(mark.user).width + 8, rect.width - 8);
      const left = rect.x + rect.width - width - 4;
      ctx.beginPath();
      ctx.roundRect(left, rect.y + (rect.height - 14) / 2, width, 14, 3);
      ctx.fill();
      ctx.fillStyle = '#ffffff';
      ctx.textBaseline = 'middle';
      ctx.fillText(mark.user, left + 4, rect.y + rect.height / 2, width - 8);
    }
  } else if (mark.kind === 'changed-by') {
    ctx.font = '600 10px Inter, ui-sans-serif, system-ui, sans-serif';
    const label = mark.user;
    const width = Math.min(ctx.measureText(label).width + 8, rect.width - 4);
    ctx.fillStyle = TAG_COLOR;
    ctx.beginPath();
    ctx.roundRect(rect.x + 2, rect.y + 2, width, 13, 3);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, rect.x + 6, rect.y + 9, width - 8);
  } else {
    const size = 8;
    ctx.fillStyle = CORNER_COLOR[mark.kind];
    ctx.beginPath();
    ctx.moveTo(rect.x + rect.width - size, rect.y);
    ctx.lineTo(rect.x + rect.width, rect.y);
    ctx.lineTo(rect.x + rect.width, rect.y + size);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
};
