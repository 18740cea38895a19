import { GridCellKind, type EditableGridCell, type GridCell, type Theme } from '@glideapps/glide-data-grid';
import type { ColumnInfo } from '../api/types';
import { decimalScale, formatNumber, formatValue, isBooleanType, isExactNumericType, isNumericType, toNumber } from '../ui/format';

/** Where a cell stands in the write cycle; absent means "shows the server value". */
export type CellStatus = 'saving' | 'conflict' | 'held' | 'error';

export interface CellState {
  status: CellStatus;
  /** Value to display instead of the server value (not used for 'error', which reverts). */
  value: unknown;
  message?: string;
}

const STATUS_THEME: Record<CellStatus, Partial<Theme>> = {
  saving: { bgCell: '#fff7d6', textDark: '#7a5b00' },
  held: { bgCell: '#fff7d6', textDark: '#7a5b00' },
  conflict: { bgCell: '#ffe8cc', textDark: '#9a3412' },
  error: { bgCell: '#fde2e2', textDark: '#b42318' },
};

const READONLY_THEME: Partial<Theme> = { bgCell: '#f8fafc', textDark: '#475569' };

/** How a column's cells behave: `identifier` columns (keys, `*_id`) show their digits ungrouped. */
export interface CellOptions {
  editable: boolean;
  identifier: boolean;
}

export function buildCell(column: ColumnInfo, serverValue: unknown, state: CellState | undefined, { editable, identifier }: CellOptions): GridCell {
  const value = state && state.status !== 'error' ? state.value : serverValue;
  const themeOverride = state ? STATUS_THEME[state.status] : editable ? undefined : READONLY_THEME;
  const type = column.type;

  if (isNumericType(type)) {
    // Exact digits as the server sent them: used for copying and as the editor's starting text.
    const digits = value === null || value === undefined ? '' : String(value);
    return {
      kind: GridCellKind.Number,
      data: toNumber(value) ?? undefined,
      displayData: identifier ? digits : formatNumber(value, decimalScale(type)),
      readonly: !editable,
      allowOverlay: editable,
      contentAlign: 'right',
      copyData: digits,
      themeOverride,
    };
  }
  if (isBooleanType(type)) {
    return {
      kind: GridCellKind.Boolean,
      data: value === null || value === undefined ? null : Boolean(value),
      readonly: !editable,
      allowOverlay: false,
      themeOverride,
    };
  }
  return {
    kind: GridCellKind.Text,
    data: value === null || value === undefined ? '' : String(value),
    displayData: formatValue(value, type),
    readonly: !editable,
    allowOverlay: editable,
    themeOverride,
  };
}

/** Converts what the editor produced into the value sent to the server. */
export function editedValue(column: ColumnInfo, cell: EditableGridCell): unknown {
  switch (cell.kind) {
    case GridCellKind.Number: {
      if (cell.data === undefined || Number.isNaN(cell.data)) return null;
      if (!isExactNumericType(column.type)) return cell.data;
      // DECIMAL/BIGINT travel as strings so the warehouse never sees a rounded float.
      const scale = decimalScale(column.type);
      const typed = exactDigits(cell.copyData, cell.data);
      if (typed !== null) return padScale(typed, scale);
      return scale === undefined ? String(cell.data) : cell.data.toFixed(scale);
    }
    case GridCellKind.Boolean:
      return typeof cell.data === 'boolean' ? cell.data : null;
    case GridCellKind.Text:
      return cell.data === '' && column.nullable ? null : cell.data;
    default:
      return null;
  }
}

/** The digits the user typed or pasted, if they still describe the cell's number. */
function exactDigits(text: string | undefined, data: number): string | null {
  if (!text) return null;
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || Number(text) !== data) return null;
  const [, sign = '', int = '', frac = ''] = match;
  const digits = `${int.replace(/^0+(?=\d)/, '') || '0'}${frac ? `.${frac}` : ''}`;
  return digits === '0' || /^0\.0*$/.test(digits) ? digits : sign + digits;
}

function padScale(digits: string, scale: number | undefined): string {
  if (scale === undefined || scale === 0) return digits;
  const [int, frac = ''] = digits.split('.');
  return frac.length >= scale ? digits : `${int}.${frac.padEnd(scale, '0')}`;
}

/** True when an edit would not change anything the server holds. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null && typeof a !== 'boolean' && typeof b !== 'boolean') return na === nb;
  return String(a) === String(b);
}

/** Spreadsheets paste "1,250.00" or "$1,250"; the grid's own parser would read that as 1. */
export function coercePaste(text: string, cell: GridCell): GridCell | undefined {
  if (cell.kind !== GridCellKind.Number) return undefined;
  const cleaned = text.trim().replace(/[\s,$€£]/g, '');
  if (cleaned === '') return { ...cell, data: undefined, displayData: '', copyData: '' };
  const parsed = Number(cleaned);
  if (!Number.isFinite(parsed)) return undefined;
  return { ...cell, data: parsed, displayData: formatNumber(parsed), copyData: cleaned };
}
