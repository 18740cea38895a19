import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { queryDataset } from '../api/endpoints';
import type { QueryAggregate, QueryFilter, QueryRequest, QuerySearch, Row, RowKey, SortSpec } from '../api/types';
import { asOfFor, usePage, versionFor } from '../apps/page-context';
import { useSettledVersion } from '../blocks/use-dataset';
import { sameKey } from '../ui/row-keys';
import { rowsWithAccess } from './row-access';

/** Rows per request while scrolling, unless the block sets its own (`pageSize`). */
export const DEFAULT_BLOCK_SIZE = 100;
/** Blocks fetched beyond the visible rows on each side, so a short scroll shows rows at once. */
const MARGIN_BLOCKS = 1;
/** Rows per request when a paste or fill needs rows nobody scrolled to (the API takes up to 10,000). */
const RANGE_CHUNK = 2_000;

/** What the grid shows: the warehouse does the filtering, searching and sorting. */
export interface GridQuery {
  filters: QueryFilter[];
  search: QuerySearch | null;
  sort: SortSpec[];
}

interface Block {
  rows: Row[];
  /** performance.now() when its request was sent. */
  issuedAt: number;
}

interface Patch {
  at: number;
  key: RowKey;
  values: Row;
}

interface GridRowsOptions {
  /** Rows per request while scrolling. */
  blockSize?: number;
  /** Rows of a block came back different from what the grid showed (a live change), before → after. */
  onRowsReplaced?: (before: readonly Row[], after: readonly Row[]) => void;
  /** Ask, per row, which columns the person may update and what lock holds it (see row-access.ts). */
  withEditable?: boolean;
  /** Other tables whose changes change these rows' access (tables that lock them): their changes refetch too. */
  alsoOn?: string[];
}

/**
 * The rows of a writable table for a grid that scrolls through any number of them: rows are
 * fetched in blocks as they come into view, the row count and the totals come from the warehouse
 * (one summary query over every selected row), and a change to the table refetches what is on
 * screen. Values this view saved are kept over any answer to a request sent before they were.
 */
export function useGridRows(table: string, query: GridQuery, aggregates: QueryAggregate[], options: GridRowsOptions = {}) {
  const page = usePage();
  const appName = page.app.name;
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  const asOf = asOfFor(page, table);
  const version = useSettledVersion(versionFor(page, table, [table, ...(options.alsoOn ?? [])]));
  const queryKey = JSON.stringify([query, asOf ?? null, aggregates, blockSize]);
  const latest = useRef({ query, asOf, aggregates, options });
  latest.current = { query, asOf, aggregates, options };

  const blocks = useRef(new Map<number, Block>());
  const inFlight = useRef(new Set<number>());
  const patches = useRef<Patch[]>([]);
  const generation = useRef(0);
  /** Bumped only by a new query: a paste reading rows survives a refresh, not a new sort or filter. */
  const queryGeneration = useRef(0);
  const visible = useRef({ first: 0, last: 40 });
  const [total, setTotal] = useState<number | null>(null);
  const totalRef = useRef<number | null>(null);
  const [totals, setTotals] = useState<(QueryAggregate & { value: unknown })[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [summaryBusy, setSummaryBusy] = useState(true);
  const [, setRenderTick] = useState(0);
  const rerender = useCallback(() => setRenderTick((t) => t + 1), []);

  const request = useCallback((extra: Partial<QueryRequest>): QueryRequest => {
    const { query: q, asOf: at } = latest.current;
    return {
      filters: q.filters,
      ...(q.search ? { search: q.search } : {}),
      sort: q.sort,
      ...(at ? { asOf: at } : {}),
      ...(latest.current.options.withEditable && !at && !extra.withTotal ? { withEditable: true } : {}),
      ...extra,
    };
  }, []);

  const withPatches = useCallback((rows: Row[], issuedAt: number): Row[] => {
    let result = rows;
    for (const patch of patches.current) if (patch.at >= issuedAt) result = applyPatch(result, patch.key, patch.values);
    return result;
  }, []);

  const fetchSummary = useCallback(() => {
    const gen = generation.current;
    setSummaryBusy(true);
    queryDataset(appName, table, request({ limit: 1, offset: 0, withTotal: true, aggregates: latest.current.aggregates }))
      .then((result) => {
        if (gen !== generation.current) return;
        totalRef.current = result.total ?? 0;
        setTotal(totalRef.current);
        setTotals(result.aggregates ?? []);
        setError(null);
        setSummaryBusy(false);
        ensureRef.current(visible.current.first, visible.current.last);
      })
      .catch((err: unknown) => {
        if (gen !== generation.current) return;
        setError(toApiErrorLike(err));
        setSummaryBusy(false);
      });
  }, [appName, table, request]);

  const fetchBlock = useCallback(
    (index: number) => {
      const gen = generation.current;
      const issuedAt = performance.now();
      inFlight.current.add(index);
      queryDataset(appName, table, request({ limit: blockSize, offset: index * blockSize }))
        .then((result) => {
          if (gen !== generation.current) return;
          inFlight.current.delete(index);
          const rows = withPatches(rowsWithAccess(result), issuedAt);
          const before = blocks.current.get(index);
          blocks.current.set(index, { rows, issuedAt });
          if (before) latest.current.options.onRowsReplaced?.(before.rows, rows);
          prunePatches();
          setError(null);
          rerender();
        })
        .catch((err: unknown) => {
          if (gen !== generation.current) return;
          inFlight.current.delete(index);
          setError(toApiErrorLike(err));
        });
    },
    [appName, table, request, withPatches, rerender, blockSize],
  );

  /** Drops saved values every cached block has been fetched after. */
  const prunePatches = () => {
    let oldest = Number.POSITIVE_INFINITY;
    for (const block of blocks.current.values()) oldest = Math.min(oldest, block.issuedAt);
    patches.current = patches.current.filter((p) => p.at >= oldest);
  };

  /** Makes sure the blocks around rows first..last are loaded or on their way. */
  const ensure = useCallback(
    (first: number, last: number) => {
      visible.current = { first, last };
      const count = totalRef.current;
      if (count === null) return;
      const lastBlock = Math.floor(Math.max(count - 1, 0) / blockSize);
      const from = Math.max(0, Math.floor(first / blockSize) - MARGIN_BLOCKS);
      const to = Math.min(lastBlock, Math.floor(last / blockSize) + MARGIN_BLOCKS);
      for (let index = from; index <= to; index++) {
        if (!blocks.current.has(index) && !inFlight.current.has(index)) fetchBlock(index);
      }
    },
    [fetchBlock, blockSize],
  );
  const ensureRef = useRef(ensure);
  ensureRef.current = ensure;

  /** Refetches what is on screen and the summary; blocks out of view are dropped (fetched again when seen). */
  const refresh = useCallback(() => {
    const { first, last } = visible.current;
    const from = Math.floor(first / blockSize) - MARGIN_BLOCKS;
    const to = Math.floor(last / blockSize) + MARGIN_BLOCKS;
    for (const index of [...blocks.current.keys()]) if (index < from || index > to) blocks.current.delete(index);
    inFlight.current.clear();
    generation.current += 1;
    for (const index of blocks.current.keys()) fetchBlock(index);
    fetchSummary();
  }, [fetchBlock, fetchSummary, blockSize]);

  // A new query (filters, search, sort, time): start over. Rows of the old one never mix in.
  useEffect(() => {
    generation.current += 1;
    queryGeneration.current += 1;
    blocks.current.clear();
    inFlight.current.clear();
    fetchSummary();
    rerender();
  }, [queryKey, fetchSummary, rerender]);

  // The table changed (a write here or a live event): refresh what is on screen.
  const firstVersion = useRef(version);
  useEffect(() => {
    if (firstVersion.current === version) return;
    firstVersion.current = '';
    refresh();
  }, [version, refresh]);

  /** Applies a saved change at once, and keeps it over answers to requests sent before it. */
  const patchRow = useCallback(
    (key: RowKey, values: Row) => {
      patches.current.push({ at: performance.now(), key, values });
      for (const [index, block] of blocks.current) blocks.current.set(index, { ...block, rows: applyPatch(block.rows, key, values) });
      rerender();
    },
    [rerender],
  );

  const rowAt = useCallback((index: number): Row | undefined => blocks.current.get(Math.floor(index / blockSize))?.rows[index % blockSize], [blockSize]);

  /** The grid index of a loaded row, or -1. */
  const indexOfKey = useCallback(
    (key: RowKey, keyColumns: string[]): number => {
      for (const [index, block] of blocks.current) {
        const at = block.rows.findIndex((row) => keyColumns.every((c) => String(row[c]) === String(key[c])));
        if (at >= 0) return index * blockSize + at;
      }
      return -1;
    },
    [blockSize],
  );

  /**
   * Rows offset..offset+count (fewer at the end of the table), loaded or fetched in chunks:
   * what a paste or a fill over rows nobody scrolled to needs. `onProgress` gets rows done so far.
   */
  const fetchRange = useCallback(
    async (offset: number, count: number, onProgress?: (done: number, of: number) => void): Promise<Row[]> => {
      const gen = queryGeneration.current;
      const end = Math.min(offset + count, totalRef.current ?? offset + count);
      const rows: Row[] = [];
      let at = offset;
      while (at < end) {
        const cached = rowAt(at);
        if (cached) {
          rows.push(cached);
          at += 1;
          continue;
        }
        const size = Math.min(RANGE_CHUNK, end - at);
        const issuedAt = performance.now();
        const result = await queryDataset(appName, table, request({ limit: size, offset: at }));
        if (gen !== queryGeneration.current) throw new Error('The rows changed while they were being read (a new sort, filter or search); try again.');
        rows.push(...withPatches(rowsWithAccess(result), issuedAt));
        at += Math.max(result.rows.length, 1);
        onProgress?.(at - offset, end - offset);
        if (result.rows.length < size) break;
      }
      onProgress?.(end - offset, end - offset);
      return rows;
    },
    [appName, table, request, withPatches, rowAt],
  );

  return {
    /** Rows the grid scrolls through; null before the first count arrived. */
    total,
    totals,
    rowAt,
    indexOfKey,
    ensure,
    patchRow,
    fetchRange,
    reload: refresh,
    error,
    loading: total === null && error === null,
    refreshing: summaryBusy && total !== null,
  };
}

function applyPatch(rows: Row[], key: RowKey, values: Row): Row[] {
  let changed = false;
  const next = rows.map((row) => {
    if (!sameKey(pick(row, key), key)) return row;
    changed = true;
    return { ...row, ...values };
  });
  return changed ? next : rows;
}

function pick(row: Row, key: RowKey): RowKey {
  const picked: RowKey = {};
  for (const column of Object.keys(key)) picked[column] = row[column];
  return picked;
}

export type GridRows = ReturnType<typeof useGridRows>;
