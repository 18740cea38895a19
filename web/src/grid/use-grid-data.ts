import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GridBlockSpec, Row, RowKey, SortSpec, TableInfo } from '../api/types';
import { gridFiltersFor, usePage } from '../apps/page-context';
import { sameKey } from '../ui/row-keys';
import { useDataset } from '../blocks/use-dataset';

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
  // Saved values applied locally, kept until a query sent after them has answered: a refetch sent
  // before a write commits can answer after it, and must not bring the old value back.
  const patches = useRef<{ at: number; key: RowKey; values: Row }[]>([]);

  useEffect(() => {
    if (!query.data) return;
    patches.current = patches.current.filter((p) => p.at >= query.issuedAt);
    setRows(patches.current.reduce((rows, p) => applyPatch(rows, p.key, p.values), query.data.rows));
  }, [query.data, query.issuedAt]);

  /** Applies a saved change locally so the grid does not wait for the refetch. */
  const patchRow = useCallback((key: RowKey, values: Row) => {
    patches.current.push({ at: performance.now(), key, values });
    setRows((prev) => applyPatch(prev, key, values));
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

function applyPatch(rows: Row[], key: RowKey, values: Row): Row[] {
  return rows.map((row) => (sameKey(pickKey(row, key), key) ? { ...row, ...values } : row));
}

function pickKey(row: Row, key: RowKey): RowKey {
  const picked: RowKey = {};
  for (const column of Object.keys(key)) picked[column] = row[column];
  return picked;
}

export type GridData = ReturnType<typeof useGridData>;
