import type { Document, Element } from '@xmldom/xmldom';
import { AppError } from '../../errors/index.js';
import { children, elements } from './ooxml-package.js';

/** A value to write into a cell, typed by the dataset column it came from. */
export type TypedValue =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  /** Days since 1899-12-30 (Excel's serial date), shown by the cell's own date format. */
  | { kind: 'date'; value: number }
  | { kind: 'empty' };

export interface CellRef {
  /** 0-based column index (A = 0). */
  col: number;
  /** 1-based row number. */
  row: number;
}

export interface CellRange {
  from: CellRef;
  to: CellRef;
}

export function parseCellRef(text: string): CellRef {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(text.trim().toUpperCase());
  if (!match) throw new AppError('EXP_TEMPLATE_INVALID', `'${text}' is not a cell reference.`);
  let col = 0;
  for (const ch of match[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: col - 1, row: Number(match[2]) };
}

export function formatCellRef(ref: CellRef, absolute = false): string {
  let n = ref.col + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return absolute ? `$${letters}$${ref.row}` : `${letters}${ref.row}`;
}

export function parseRange(text: string): CellRange {
  const [a, b] = text.split(':');
  const from = parseCellRef(a!);
  return { from, to: b ? parseCellRef(b) : from };
}

export function formatRange(range: CellRange, absolute = false): string {
  const from = formatCellRef(range.from, absolute);
  return range.from.col === range.to.col && range.from.row === range.to.row ? from : `${from}:${formatCellRef(range.to, absolute)}`;
}

/** `'P&L'!$B$5:$M$9` → sheet name and range; one area only. */
export function parseSheetRange(text: string): { sheet: string; range: CellRange } {
  const match = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(text.trim());
  if (!match || match[3]!.includes(',')) throw new AppError('EXP_TEMPLATE_INVALID', `'${text}' is not a single sheet range.`);
  return { sheet: (match[1] ?? match[2]!).replaceAll("''", "'"), range: parseRange(match[3]!) };
}

const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** `2025-03-01` (or a timestamp) → Excel serial date. */
export function excelSerial(isoDate: string): number {
  const ms = Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return (ms - EXCEL_EPOCH) / MS_PER_DAY;
}

/**
 * Writes values into the `sheetData` of one worksheet part, keeping each
 * cell's style (`s`) and every cell it does not touch. Rows and cells are
 * created in order where the template has none.
 */
export class SheetCells {
  private readonly sheetData: Element;
  private readonly rows = new Map<number, Element>();

  constructor(private readonly doc: Document) {
    const data = elements(doc, 'sheetData')[0];
    if (!data) throw new AppError('EXP_TEMPLATE_INVALID', 'A worksheet has no sheetData.');
    this.sheetData = data;
    for (const row of children(data, 'row')) this.rows.set(Number(row.getAttribute('r')), row);
  }

  set(ref: CellRef, value: TypedValue): void {
    const cell = this.cell(ref);
    for (const name of ['f', 'v', 'is']) for (const child of children(cell, name)) cell.removeChild(child);
    cell.removeAttribute('t');
    const ns = cell.namespaceURI;
    const add = (name: string, text: string) => {
      const el = this.doc.createElementNS(ns, name);
      el.appendChild(this.doc.createTextNode(text));
      cell.appendChild(el);
      return el;
    };
    switch (value.kind) {
      case 'empty':
        return;
      case 'number':
      case 'date':
        add('v', String(value.value));
        return;
      case 'boolean':
        cell.setAttribute('t', 'b');
        add('v', value.value ? '1' : '0');
        return;
      case 'string': {
        cell.setAttribute('t', 'inlineStr');
        const is = this.doc.createElementNS(ns, 'is');
        const t = this.doc.createElementNS(ns, 't');
        t.setAttribute('xml:space', 'preserve');
        t.appendChild(this.doc.createTextNode(value.value));
        is.appendChild(t);
        cell.appendChild(is);
        return;
      }
    }
  }

  /** Drops the cached results of every formula, so spreadsheet programs compute them when they open the file. */
  dropFormulaCaches(): number {
    let dropped = 0;
    for (const cell of elements(this.sheetData, 'c')) {
      if (children(cell, 'f').length === 0) continue;
      for (const v of children(cell, 'v')) cell.removeChild(v);
      if (cell.getAttribute('t') !== 'str') cell.removeAttribute('t');
      dropped += 1;
    }
    return dropped;
  }

  private row(number: number): Element {
    let row = this.rows.get(number);
    if (row) return row;
    row = this.doc.createElementNS(this.sheetData.namespaceURI, 'row');
    row.setAttribute('r', String(number));
    const next = [...this.rows.keys()].filter((r) => r > number).sort((a, b) => a - b)[0];
    this.sheetData.insertBefore(row, next === undefined ? null : this.rows.get(next)!);
    this.rows.set(number, row);
    return row;
  }

  private cell(ref: CellRef): Element {
    const row = this.row(ref.row);
    const name = formatCellRef(ref);
    let after: Element | null = null;
    for (const cell of children(row, 'c')) {
      const at = parseCellRef(cell.getAttribute('r') ?? '');
      if (at.col === ref.col) return cell;
      if (at.col > ref.col) {
        after = cell;
        break;
      }
    }
    const cell = this.doc.createElementNS(row.namespaceURI, 'c');
    cell.setAttribute('r', name);
    // A new cell takes the style of its row, or of the cell to its left, so filled areas look like the template.
    const style = row.getAttribute('s') ?? children(row, 'c').at(-1)?.getAttribute('s');
    if (style) cell.setAttribute('s', style);
    row.insertBefore(cell, after);
    return cell;
  }
}
