import { GridCellKind, type GridCell, type Theme } from '@glideapps/glide-data-grid';
import type { ColumnInfo } from '../api/types';
import { normalizeNumberText } from './cell-input';
import type { CellFeedback, CellStatus } from './use-cell-writes';
import { decimalScale, formatNumber, formatValue, isBooleanType, isNumericType, toNumber } from '../ui/format';

const STATUS_THEME: Record<CellStatus, Partial<Theme>> = {
  saving: { bgCell: '#fff7d6', textDark: '#7a5b00' },
  held: { bgCell: '#fff7d6', textDark: '#7a5b00' },
  saved: { bgCell: '#e7f6ec', textDark: '#14532d' },
  conflict: { bgCell: '#ffe8cc', textDark: '#9a3412' },
  error: { bgCell: '#fde2e2', textDark: '#b42318' },
};

const READONLY_THEME: Partial<Theme> = { bgCell: '#f8fafc', textDark: '#475569' };

/** How a column's cells behave: `identifier` columns (keys, `*_id`) show their digits ungrouped. */
export interface CellOptions {
  editable: boolean;
  identifier: boolean;
  /** Someone else just changed the cell (their username): tinted for a moment. */
  changedBy?: string;
}

const CHANGED_BY_THEME: Partial<Theme> = { bgCell: '#f3e8ff' };

export function buildCell(
  column: ColumnInfo,
  serverValue: unknown,
  state: CellFeedback | undefined,
  { editable, identifier, changedBy }: CellOptions,
): GridCell {
  const value = state && state.status !== 'error' ? state.value : serverValue;
  const themeOverride = state ? STATUS_THEME[state.status] : changedBy ? CHANGED_BY_THEME : editable ? undefined : READONLY_THEME;
  const type = column.type;

  if (isNumericType(type)) {
    // Exact digits as the server sent them: used for copying and as the editor's starting text.
    const digits = value === null || value === undefined ? '' : String(value);
    return {
      kind: GridCellKind.Number,
      data: toNumber(value) ?? undefined,
      displayData: identifier ? digits : formatNumber(value, decimalScale(type)),
      readonly: !editable,
      // The grid's own overlay editor stays off: cells are edited by the block's editor (cell-editor.tsx).
      allowOverlay: false,
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
    allowOverlay: false,
    themeOverride,
  };
}

/** The text an editor starts from: exact digits for numbers (never the grouped display), the text itself otherwise. */
export function editorText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/**
 * True when writing `a` would not change `b`. Numbers compare by their exact digits ("1250.50" and
 * 1250.5 are the same, "12345678901234567.89" and "…88" are not); other values by their text.
 */
export function sameValue(a: unknown, b: unknown, numeric: boolean): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (numeric && typeof a !== 'boolean' && typeof b !== 'boolean') {
    const da = normalizeNumberText(String(a));
    const db = normalizeNumberText(String(b));
    if (da !== null && db !== null) return da === db;
  }
  return String(a) === String(b);
}
