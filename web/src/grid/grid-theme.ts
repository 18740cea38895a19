import type { Theme } from '@glideapps/glide-data-grid';

export const ROW_HEIGHT = 34;
export const HEADER_HEIGHT = 36;
const MAX_VISIBLE_ROWS = 14;
// Room for the horizontal scrollbar so the last row is never hidden under it.
const SCROLLBAR_ALLOWANCE = 14;

/** The grid scrolls internally past MAX_VISIBLE_ROWS so the page keeps its shape. */
export function gridHeight(rowCount: number): number {
  return HEADER_HEIGHT + ROW_HEIGHT * Math.min(Math.max(rowCount, 1), MAX_VISIBLE_ROWS) + SCROLLBAR_ALLOWANCE;
}

export const GRID_THEME: Partial<Theme> = {
  accentColor: '#2563eb',
  accentLight: 'rgba(37, 99, 235, 0.10)',
  textDark: '#0f172a',
  textMedium: '#475569',
  textLight: '#94a3b8',
  textHeader: '#334155',
  bgHeader: '#f8fafc',
  bgHeaderHasFocus: '#eef2ff',
  bgHeaderHovered: '#f1f5f9',
  bgIconHeader: '#94a3b8',
  fgIconHeader: '#ffffff',
  borderColor: 'rgba(15, 23, 42, 0.08)',
  horizontalBorderColor: 'rgba(15, 23, 42, 0.06)',
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  baseFontStyle: '13px',
  headerFontStyle: '600 12px',
  editorFontSize: '13px',
  cellHorizontalPadding: 10,
};
