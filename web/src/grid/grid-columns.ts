import { GridColumnIcon, type GridColumn } from '@glideapps/glide-data-grid';
import type { ColumnInfo, SortSpec, TableInfo } from '../api/types';
import { humanize, isBooleanType, isNumericType } from '../ui/format';

/** Columns the block asks for, in its order, described by the table's (per-user) metadata. */
export function resolveColumns(table: TableInfo, wanted: string[] | undefined): ColumnInfo[] {
  if (!wanted?.length) return table.columns;
  return wanted.map(
    (name) => table.columns.find((c) => c.name === name) ?? { name, type: 'VARCHAR', generated: false, editable: false, nullable: true, insertable: false },
  );
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

/** No column is squeezed below this when the grid is narrow. */
export const MIN_FIT_WIDTH = 72;

/**
 * Narrows columns so that they fit `available` pixels, as far as they can: read-only columns
 * give way first (down to MIN_FIT_WIDTH, in proportion to their widths), then editable ones, so the
 * columns a person types into stay in view on a small screen. Widths the person set are kept.
 */
export function fitWidths(columns: readonly { width: number; editable: boolean; pinned: boolean }[], available: number): number[] {
  const widths = columns.map((c) => c.width);
  let excess = widths.reduce((a, b) => a + b, 0) - available;
  for (const editable of [false, true]) {
    if (excess <= 0) break;
    const shrinkable = columns.map((c, i) => (c.editable === editable && !c.pinned ? Math.max(0, widths[i]! - MIN_FIT_WIDTH) : 0));
    const room = shrinkable.reduce((a, b) => a + b, 0);
    if (room <= 0) continue;
    const take = Math.min(excess, room);
    shrinkable.forEach((r, i) => {
      widths[i] = widths[i]! - Math.ceil((r / room) * take);
    });
    excess -= take;
  }
  return widths;
}

/** Enough room for the header text next to its icon (13px semibold averages ~7.5px a glyph). */
function headerWidth(title: string): number {
  // Type icon, padding and the menu button.
  return Math.ceil(title.length * 7.5) + 64;
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
  available?: number,
): GridColumn[] {
  const natural = columns.map((column) => {
    const isKey = table.key.includes(column.name);
    const arrow = sort?.column === column.name ? (sort.direction === 'asc' ? ' ↑' : ' ↓') : '';
    return widths[column.name] ?? Math.max(defaultWidth(column, isKey), headerWidth(humanize(column.name) + arrow), contentWidths[column.name] ?? 0);
  });
  const fitted =
    available === undefined
      ? natural
      : fitWidths(
          columns.map((column, i) => ({ width: natural[i]!, editable: isCellEditable(table, column), pinned: column.name in widths })),
          available,
        );
  return columns.map((column, index) => {
    const isKey = table.key.includes(column.name);
    const arrow = sort?.column === column.name ? (sort.direction === 'asc' ? ' ↑' : ' ↓') : '';
    const title = humanize(column.name) + arrow;
    return {
      id: column.name,
      title,
      width: fitted[index]!,
      icon: filtered.has(column.name) ? FILTER_ICON : iconFor(column, isKey),
      overlayIcon: isCellEditable(table, column) ? undefined : GridColumnIcon.ProtectedColumnOverlay,
      grow: index === columns.length - 1 ? 1 : undefined,
      hasMenu: true,
    };
  });
}

/**
 * The column order of phone widths: key columns first (the first one stays frozen), then the
 * columns the user may edit, then the rest, each group in its configured order, so the value
 * to correct is on the first screen beside its key.
 */
export function phoneColumnOrder(table: TableInfo, columns: ColumnInfo[]): ColumnInfo[] {
  const keys = columns.filter((c) => table.key.includes(c.name));
  const editable = columns.filter((c) => !table.key.includes(c.name) && isCellEditable(table, c));
  const rest = columns.filter((c) => !keys.includes(c) && !editable.includes(c));
  return [...keys, ...editable, ...rest];
}
