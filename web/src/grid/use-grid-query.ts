import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FilterOp, QueryFilter, SortSpec } from '../api/types';
import { gridFiltersFor, usePage } from '../apps/page-context';
import type { GridQuery } from './use-grid-rows';

/** A filter a person set on a column from its header menu. */
export interface ColumnFilter {
  column: string;
  op: FilterOp;
  value?: QueryFilter['value'];
}

/** How long typing in the search box waits before asking the warehouse. */
const SEARCH_DELAY_MS = 300;

/**
 * What a grid shows, as the warehouse is asked for it: the page's filters, the person's column
 * filters and search, and the sort (key columns break ties, so rows keep their places).
 */
export function useGridQuery(table: string, keyColumns: string[], searchColumns: string[]) {
  const page = usePage();
  const [sort, setSort] = useState<SortSpec | null>(null);
  const [filters, setFilters] = useState<ColumnFilter[]>([]);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');

  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(searchText.trim()), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [searchText]);

  const pageFilters = gridFiltersFor(page, table);
  const pageFiltersKey = JSON.stringify(pageFilters);
  const searchKey = searchColumns.join(',');

  const query = useMemo((): GridQuery => {
    const order: SortSpec[] = sort ? [sort] : [];
    for (const column of keyColumns) if (column !== sort?.column) order.push({ column, direction: 'asc' });
    const all: QueryFilter[] = [...(JSON.parse(pageFiltersKey) as QueryFilter[]), ...filters.map((f) => ({ column: f.column, op: f.op, value: f.value }))];
    return {
      filters: all,
      search: search ? { text: search, columns: searchKey.split(',') } : null,
      sort: order,
    };
  }, [sort, filters, search, pageFiltersKey, keyColumns, searchKey]);

  const toggleSort = useCallback((column: string) => {
    setSort((prev) => {
      if (prev?.column !== column) return { column, direction: 'asc' };
      return prev.direction === 'asc' ? { column, direction: 'desc' } : null;
    });
  }, []);

  /** Sets (or, with null, removes) the filter on a column: one filter per column. */
  const setColumnFilter = useCallback((column: string, filter: ColumnFilter | null) => {
    setFilters((prev) => [...prev.filter((f) => f.column !== column), ...(filter ? [filter] : [])]);
  }, []);

  return {
    query,
    sort,
    toggleSort,
    filters,
    setColumnFilter,
    clearFilters: () => setFilters([]),
    searchText,
    setSearchText,
    /** The search the warehouse was asked for (searchText after it settled). */
    search,
  };
}

export type GridQueryState = ReturnType<typeof useGridQuery>;
