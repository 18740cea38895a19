import { GridCellKind, type GridCell, type Theme } from '@glideapps/glide-data-grid';
import type { ColumnInfo, QueryAggregate } from '../api/types';
import { decimalScale, formatNumber, isIdentifierColumn, isNumericType, toNumber } from '../ui/format';

const TOTALS_THEME: Partial<Theme> = { bgCell: '#f1f5f9', textDark: '#0f172a', baseFontStyle: '600 13px' };

/** The sums a grid's totals row shows: every numeric column that counts something (not keys or `*_id`). */
export function totalsAggregates(columns: ColumnInfo[], keyColumns: string[]): QueryAggregate[] {
  return columns
    .filter((c) => isNumericType(c.type) && !isIdentifierColumn(c, keyColumns) && !keyColumns.includes(c.name))
    .map((c) => ({ column: c.name, fn: 'sum' }));
}

/**
 * A cell of the totals row: the warehouse's sum over every row the grid selects (not only the
 * loaded ones), "Total" in the first column, empty elsewhere.
 */
export function totalsCell(column: ColumnInfo, index: number, totals: readonly (QueryAggregate & { value: unknown })[] | null): GridCell {
  const sum = totals?.find((t) => t.column === column.name && t.fn === 'sum');
  if (sum) {
    const digits = sum.value === null || sum.value === undefined ? '' : String(sum.value);
    return {
      kind: GridCellKind.Number,
      data: toNumber(sum.value) ?? undefined,
      displayData: formatNumber(sum.value ?? 0, decimalScale(column.type)),
      copyData: digits,
      readonly: true,
      allowOverlay: false,
      contentAlign: 'right',
      themeOverride: TOTALS_THEME,
    };
  }
  const label = index === 0 ? 'Total' : '';
  return { kind: GridCellKind.Text, data: label, displayData: label, readonly: true, allowOverlay: false, themeOverride: TOTALS_THEME };
}

/** The totals row's look; its row number is hidden (the row is not a row of the table). */
export const TOTALS_ROW_THEME: Partial<Theme> = { bgCell: '#f1f5f9', textLight: 'transparent' };

/** Widths (px) the totals need, so a large sum is never cut off. */
export function totalsWidths(columns: ColumnInfo[], totals: readonly (QueryAggregate & { value: unknown })[] | null): Record<string, number> {
  const widths: Record<string, number> = {};
  for (const total of totals ?? []) {
    const column = columns.find((c) => c.name === total.column);
    if (!column) continue;
    widths[total.column] = Math.ceil(formatNumber(total.value ?? 0, decimalScale(column.type)).length * 8) + 28;
  }
  return widths;
}
