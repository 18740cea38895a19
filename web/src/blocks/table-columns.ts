import type { TableBlockSpec } from '../api/types';
import { changesetHref } from '../apps/use-hash-route';
import { columnLabel, DEFAULT_CURRENCY, formatColumnValue, formatDate, formatDateTime, formatMeasure, isNumericType } from '../ui/format';

type ColumnEntry = NonNullable<TableBlockSpec['columns']>[number];
export type ColumnFormat = 'number' | 'currency' | 'percent' | 'date' | 'datetime' | 'text';

export interface TableColumn {
  column: string;
  label: string;
  format?: ColumnFormat;
  currency?: string;
  /** Column whose value is the changeset the cell links to. */
  changeset?: string;
}

/** A table block's columns: as declared (a name or an object), or every column of the dataset. */
export function tableColumns(spec: TableBlockSpec, datasetColumns: readonly string[]): TableColumn[] {
  const entries: ColumnEntry[] = spec.columns ?? [...datasetColumns];
  return entries.map((entry) => {
    if (typeof entry === 'string') return { column: entry, label: columnLabel(entry) };
    return {
      column: entry.column,
      label: entry.label ?? columnLabel(entry.column),
      format: entry.format,
      currency: entry.currency,
      changeset: entry.link?.changeset,
    };
  });
}

export function isNumericColumn(column: TableColumn, type: string): boolean {
  if (column.format === 'number' || column.format === 'currency' || column.format === 'percent') return true;
  return column.format === undefined && isNumericType(type);
}

export function formatTableCell(value: unknown, column: TableColumn, type: string): string {
  if (value === null || value === undefined) return '';
  switch (column.format) {
    case 'number':
      return formatMeasure(value, {});
    case 'currency':
      return formatMeasure(value, { currency: column.currency ?? DEFAULT_CURRENCY });
    case 'percent':
      return formatMeasure(value, { format: 'percent' });
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTime(String(value));
    case 'text':
      return String(value);
    default:
      if (/^DATE$/i.test(type.trim()) && typeof value === 'string') return formatDate(value);
      return formatColumnValue(value, { name: column.column, type }, []);
  }
}

export function cellHref(row: Record<string, unknown>, column: TableColumn): string | null {
  if (!column.changeset) return null;
  const id = row[column.changeset];
  return id === null || id === undefined || id === '' ? null : changesetHref(String(id));
}
