import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridBlockSpec, Row, RowKey, SortSpec, TableInfo } from '../api/types';
import { gridFiltersFor, usePage } from '../apps/page-context';
import { sameKey } from '../ui/row-keys';
import { useDataset } from './use-dataset';

const DEFAULT_PAGE_SIZE = 50;

export function useGridData(spec: GridBlockSpec, table: TableInfo) {
  const page = usePage();
  const pageSize = spec.pageSize ?? DEFAULT_PAGE_SIZE;
  const [sort, setSort] = useState<SortSpec | null>(null);
  const [offset, setOffset] = useState(0);

  const filters = gridFiltersFor(page, spec.table);
  const filtersKey = JSON.stringify(filters);
  useEffect(() => setOffset(0), [filtersKey]);

  const request = useMemo(() => {
    // Key columns break ties so paging is stable even when the chosen sort column has duplicates.
    const order: SortSpec[] = sort ? [sort] : [];
    for (const column of table.key) {
      if (column !== sort?.column) order.push({ column, direction: 'asc' });
    }
    return {
      filters: JSON.parse(filtersKey) as typeof filters,
      sort: order,
      limit: pageSize,
      offset,
      withTotal: true,
    };
  }, [filtersKey, sort, table.key, pageSize, offset]);

  const query = useDataset(spec.table, request, { extraTables: [spec.table] });
  const [rows, setRows] = useState<Row[]>([]);

  useEffect(() => {
    if (query.data) setRows(query.data.rows);
  }, [query.data]);

  /** Applies a saved change locally so the grid does not wait for the refetch. */
  const patchRow = useCallback((key: RowKey, values: Row) => {
    setRows((prev) => prev.map((row) => (sameKey(pickKey(row, key), key) ? { ...row, ...values } : row)));
  }, []);

  const toggleSort = useCallback((column: string) => {
    setSort((prev) => {
      if (prev?.column !== column) return { column, direction: 'asc' };
      return prev.direction === 'asc' ? { column, direction: 'desc' } : null;
    });
    setOffset(0);
  }, []);

  const total = query.data?.total ?? rows.length;

  return {
    rows,
    total,
    offset,
    pageSize,
    setOffset,
    sort,
    toggleSort,
    patchRow,
    loading: query.loading,
    refreshing: query.refreshing,
    error: query.error,
    reload: query.reload,
  };
}

function pickKey(row: Row, key: RowKey): RowKey {
  const picked: RowKey = {};
  for (const column of Object.keys(key)) picked[column] = row[column];
  return picked;
}

export type GridData = ReturnType<typeof useGridData>;
