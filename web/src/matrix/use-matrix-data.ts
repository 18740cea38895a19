import { useMemo } from 'react';
import type { ApiError } from '../api/client';
import type { CellValue, MatrixBlockSpec, QueryFilter, Row } from '../api/types';
import { gridFiltersFor, usePage } from '../apps/page-context';
import { useDataset } from '../blocks/use-dataset';
import { decimalScale, formatValue } from '../ui/format';
import { axisMembers, indexBaseRows, type AxisMember, type BaseIndex } from './matrix-model';

/** The most table rows one matrix reads (the query limit); beyond it the person narrows it with a filter. */
export const MATRIX_ROW_LIMIT = 10_000;

export interface MatrixData {
  rows: AxisMember[];
  columns: AxisMember[];
  index: BaseIndex;
  scale: number;
  /** When the request that brought the table rows was sent (performance.now()). */
  issuedAt: number;
  loading: boolean;
  refreshing: boolean;
  error: ApiError | null;
  /** Rows the filters select when more than the matrix reads. */
  tooMany: number | null;
  reload: () => void;
}

const NO_ROWS: Row[] = [];

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** An axis value as a heading: first days of months as "Jan 2026", other values as the column shows them. */
export function memberLabel(type: string) {
  return (value: unknown): string => {
    if (typeof value === 'string' && /^\d{4}-\d{2}-01$/.test(value)) return MONTH.format(new Date(`${value}T00:00:00Z`));
    return formatValue(value, type);
  };
}

/** Scale of the value column: its DECIMAL scale, 0 for integers, 2 for floating point. */
function valueScale(type: string | undefined): number {
  if (!type) return 2;
  const scale = decimalScale(type);
  if (scale !== undefined) return scale;
  return /INT/i.test(type) ? 0 : 2;
}

/**
 * Reads a matrix: its axis datasets under the page's variables, then the
 * table rows under both axes (page variables naming table columns filter
 * them, as in grids), each with whether the person may change its value.
 */
export function useMatrixData(spec: MatrixBlockSpec): MatrixData {
  const page = usePage();
  const table = page.app.tables[spec.table];
  const columnType = (name: string) => table?.columns.find((c) => c.name === name)?.type ?? 'VARCHAR';
  const rowAxis = useDataset(spec.rows.dataset ?? spec.table, { limit: 1000 }, { skip: !spec.rows.dataset });
  const colAxis = useDataset(spec.columns.dataset ?? spec.table, { limit: 1000 }, { skip: !spec.columns.dataset });
  const axesReady = (!spec.rows.dataset || rowAxis.data !== null) && (!spec.columns.dataset || colAxis.data !== null);

  const rowValues = spec.rows.dataset ? (rowAxis.data?.rows ?? []).map((r) => r[spec.rows.key ?? spec.rows.column]) : null;
  const colValues = spec.columns.dataset ? (colAxis.data?.rows ?? []).map((r) => r[spec.columns.key ?? spec.columns.column]) : null;
  const filters: QueryFilter[] = [...gridFiltersFor(page, spec.table)];
  // Axis members are values of table columns as the warehouse returned them (JSON scalars).
  if (rowValues) filters.push({ column: spec.rows.column, op: 'in', value: rowValues as CellValue[] });
  if (colValues) filters.push({ column: spec.columns.column, op: 'in', value: colValues as CellValue[] });
  const emptyAxis = (rowValues !== null && rowValues.length === 0) || (colValues !== null && colValues.length === 0);
  // Closing a period (a row in a lock table) changes which cells are locked: read the rows again then too.
  const base = useDataset(
    spec.table,
    { filters, limit: MATRIX_ROW_LIMIT, withTotal: true, withEditable: true },
    { skip: !axesReady || emptyAxis, extraTables: table?.lockedBy },
  );

  const scale = valueScale(table?.columns.find((c) => c.name === spec.value)?.type);
  const baseRows = emptyAxis ? NO_ROWS : (base.data?.rows ?? NO_ROWS);
  const editable = base.data?.editable;
  const locked = base.data?.locked;
  const rowType = columnType(spec.rows.column);
  const colType = columnType(spec.columns.column);
  const key = table?.key;
  const result = useMemo(() => {
    const rows = axisMembers(
      spec.rows.dataset ? (rowAxis.data?.rows ?? []) : null,
      { key: spec.rows.key ?? spec.rows.column, label: spec.rows.label, group: spec.rows.group },
      baseRows.map((r) => r[spec.rows.column]),
      memberLabel(rowType),
    );
    const columns = axisMembers(
      spec.columns.dataset ? (colAxis.data?.rows ?? []) : null,
      { key: spec.columns.key ?? spec.columns.column, label: spec.columns.label },
      baseRows.map((r) => r[spec.columns.column]),
      memberLabel(colType),
    );
    const index = indexBaseRows(baseRows, editable, locked, {
      key: key ?? [],
      value: spec.value,
      rowColumn: spec.rows.column,
      colColumn: spec.columns.column,
      scale,
    });
    return { rows, columns, index };
  }, [spec, rowAxis.data, colAxis.data, baseRows, editable, locked, key, scale, rowType, colType]);

  const total = base.data?.total ?? 0;
  return {
    ...result,
    scale,
    issuedAt: base.issuedAt,
    loading: Boolean(spec.rows.dataset && rowAxis.loading) || Boolean(spec.columns.dataset && colAxis.loading) || (!emptyAxis && base.loading),
    refreshing: rowAxis.refreshing || colAxis.refreshing || base.refreshing,
    error: rowAxis.error ?? colAxis.error ?? base.error,
    tooMany: total > MATRIX_ROW_LIMIT ? total : null,
    reload: () => {
      rowAxis.reload();
      colAxis.reload();
      base.reload();
    },
  };
}
