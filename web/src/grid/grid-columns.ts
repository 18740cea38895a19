import { GridColumnIcon, type GridColumn } from '@glideapps/glide-data-grid';
import type { ColumnInfo, SortSpec, TableInfo } from '../api/types';
import { humanize, isBooleanType, isNumericType } from '../ui/format';

/** Columns the block asks for, in its order, described by the table's (per-user) metadata. */
export function resolveColumns(table: TableInfo, wanted: string[] | undefined): ColumnInfo[] {
  if (!wanted?.length) return table.columns;
  return wanted.map((name) => table.columns.find((c) => c.name === name) ?? { name, type: 'VARCHAR', editable: false, nullable: true });
}

export function isCellEditable(table: TableInfo, column: ColumnInfo): boolean {
  return table.canUpdate && column.editable && !table.key.includes(column.name);
}

function defaultWidth(column: ColumnInfo, isKey: boolean): number {
  if (isKey) return 84;
  if (isBooleanType(column.type)) return 90;
  if (isNumericType(column.type)) return 130;
  if (/^DATE$/i.test(column.type.trim())) return 110;
  if (/^(DATE|TIME)/i.test(column.type)) return 180;
  return 140;
}

/** Enough room for the header text next to its icon (13px semibold averages ~7.5px a glyph). */
function headerWidth(title: string): number {
  return Math.ceil(title.length * 7.5) + 48;
}

function iconFor(column: ColumnInfo, isKey: boolean): GridColumnIcon {
  if (isKey) return GridColumnIcon.HeaderRowID;
  if (isNumericType(column.type)) return GridColumnIcon.HeaderNumber;
  if (isBooleanType(column.type)) return GridColumnIcon.HeaderBoolean;
  if (/^(DATE|TIME)/i.test(column.type)) return GridColumnIcon.HeaderDate;
  return GridColumnIcon.HeaderString;
}

/** The header icon of a filtered column (a funnel), registered with the grid as a header icon. */
export const FILTER_ICON = 'filtered';

export const HEADER_ICONS = {
  [FILTER_ICON]: ({ fgColor, bgColor }: { fgColor: string; bgColor: string }) =>
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><rect x="0" y="0" width="20" height="20" rx="4" fill="${bgColor === '#94a3b8' ? '#2563eb' : bgColor}"/><path d="M4.5 5.5h11l-4.2 5v4.2l-2.6 1.3v-5.5z" fill="${fgColor}"/></svg>`,
};

/** Grid columns with their sort arrow, a filter mark, a header menu (sort and filter) and a width that fits. */
export function toGridColumns(
  columns: ColumnInfo[],
  table: TableInfo,
  sort: SortSpec | null,
  widths: Record<string, number>,
  filtered: ReadonlySet<string> = new Set(),
  contentWidths: Record<string, number> = {},
): GridColumn[] {
  return columns.map((column, index) => {
    const isKey = table.key.includes(column.name);
    const arrow = sort?.column === column.name ? (sort.direction === 'asc' ? ' ↑' : ' ↓') : '';
    const title = humanize(column.name) + arrow;
    return {
      id: column.name,
      title,
      width: widths[column.name] ?? Math.max(defaultWidth(column, isKey), headerWidth(title), contentWidths[column.name] ?? 0),
      icon: filtered.has(column.name) ? FILTER_ICON : iconFor(column, isKey),
      overlayIcon: isCellEditable(table, column) ? undefined : GridColumnIcon.ProtectedColumnOverlay,
      grow: index === columns.length - 1 ? 1 : undefined,
      hasMenu: true,
    };
  });
}
