import type { Rectangle } from '@glideapps/glide-data-grid';

/**
 * Cells from clipboard text as spreadsheets write it: rows end with a newline (CRLF or LF), cells
 * are tab-separated, and a cell holding a tab, a newline or a quote is quoted with `"` and its
 * quotes doubled. One trailing line break is not an empty row. Ragged rows are padded with ''.
 */
export function parseClipboardText(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (atCellStart && ch === '"') {
      // A quoted cell: read to the closing quote, "" being one quote.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += text[j];
        j += 1;
      }
      const next = text[j];
      if (closed && (j >= text.length || next === '\t' || next === '\n' || next === '\r')) {
        cell = value;
        i = j;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell (e.g. `"5" inch`): the quote is plain text.
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i += 1;
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i += 1;
    }
  }
  if (!atCellStart || cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const width = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => (r.length < width ? [...r, ...Array<string>(width - r.length).fill('')] : r));
}

/** A block of text cells placed on the grid: row by row, starting at `x`, `y`. */
export interface PastePlacement {
  x: number;
  y: number;
  cells: string[][];
}

/**
 * Where a copied block lands, as in a spreadsheet: at the selection's top-left cell, at its own
 * size; when the selection is larger and a whole multiple of the block in both directions (one
 * value over a column, two rows over ten), the block repeats to fill it.
 */
export function placePaste(block: string[][], selection: Rectangle): PastePlacement {
  const height = block.length;
  const width = block[0]?.length ?? 0;
  if (height === 0 || width === 0) return { x: selection.x, y: selection.y, cells: [] };
  const tiles = selection.height % height === 0 && selection.width % width === 0 && (selection.height > height || selection.width > width);
  if (!tiles) return { x: selection.x, y: selection.y, cells: block };
  return { x: selection.x, y: selection.y, cells: tile(block, selection.width, selection.height) };
}

/**
 * A fill: the source rows (or columns) repeated over the destination, as dragging the fill handle
 * or Ctrl+D / Ctrl+R does. `pattern` is the source cells' values, `destination` the whole filled
 * rectangle (source included). Returns the values for every destination cell outside the source.
 */
export function fillPattern<T>(pattern: T[][], source: Rectangle, destination: Rectangle): { col: number; row: number; value: T }[] {
  const out: { col: number; row: number; value: T }[] = [];
  for (let row = destination.y; row < destination.y + destination.height; row++) {
    for (let col = destination.x; col < destination.x + destination.width; col++) {
      const inside = row >= source.y && row < source.y + source.height && col >= source.x && col < source.x + source.width;
      if (inside) continue;
      const r = mod(row - source.y, source.height);
      const c = mod(col - source.x, source.width);
      const value = pattern[r]?.[c];
      if (value !== undefined) out.push({ col, row, value });
    }
  }
  return out;
}

function tile(block: string[][], width: number, height: number): string[][] {
  return Array.from({ length: height }, (_, r) => Array.from({ length: width }, (_, c) => block[r % block.length]![c % block[0]!.length]!));
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
