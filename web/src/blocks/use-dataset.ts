import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort, toApiErrorLike, type ApiError } from '../api/client';
import { queryDataset } from '../api/endpoints';
import { firstViewResult } from '../first-view/use-first-view';
import type { QueryRequest, QueryResult } from '../api/types';
import { asOfFor, paramsFor, usePage, versionFor } from '../apps/page-context';
import { usePreview } from '../preview/preview-context';

export interface DatasetState {
  data: QueryResult | null;
  /** When (performance.now()) the request that brought `data` was sent: changes made after it are not in it. */
  issuedAt: number;
  error: ApiError | null;
  /** First load: nothing to show yet. */
  loading: boolean;
  /** Reload while earlier data stays on screen. */
  refreshing: boolean;
  reload: () => void;
}

interface DatasetOptions {
  /** Tables whose changes must refetch this query even if the dataset does not list them. */
  extraTables?: string[];
  /** Send nothing yet (e.g. while the values of a filter are still loading). */
  skip?: boolean;
}

export function useDataset(dataset: string, request: Omit<QueryRequest, 'params'> = {}, options: DatasetOptions = {}): DatasetState {
  const page = usePage();
  const { previewAs } = usePreview();
  const appName = page.app.name;
  const params = paramsFor(page, dataset);
  const asOf = asOfFor(page, dataset);
  const body = JSON.stringify({ ...request, ...(params ? { params } : {}), ...(asOf ? { asOf } : {}) });
  const version = useSettledVersion(versionFor(page, dataset, options.extraTables));

  // The page's opening request may already hold this result: then the block shows it at once.
  const [opening] = useState(() => (previewAs === null && !asOf && !/:[1-9]/.test(version) ? firstViewResult(appName, dataset, body) : null));
  const [data, setData] = useState<{ result: QueryResult; issuedAt: number } | null>(opening);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(opening === null);
  const [tick, setTick] = useState(0);
  // The first run of the effect asks for exactly what `opening` answered: it has nothing to fetch.
  const answered = useRef(opening !== null);

  const skip = options.skip ?? false;
  useEffect(() => {
    if (skip) return;
    if (answered.current) {
      answered.current = false;
      return;
    }
    let current = true;
    setBusy(true);
    const { promise, issuedAt } = sharedQuery(JSON.stringify([previewAs, appName, dataset, body, version, tick]), () =>
      queryDataset(appName, dataset, JSON.parse(body) as QueryRequest),
    );
    promise
      .then((result) => {
        if (!current) return;
        setData({ result, issuedAt });
        setError(null);
        setBusy(false);
      })
      .catch((err: unknown) => {
        if (!current || isAbort(err)) return;
        setError(toApiErrorLike(err));
        setBusy(false);
      });
    return () => {
      current = false;
    };
  }, [previewAs, appName, dataset, body, version, tick, skip]);

  const reload = useCallback(() => setTick((t) => t + 1), []);

  return {
    data: data?.result ?? null,
    issuedAt: data?.issuedAt ?? 0,
    error,
    loading: busy && data === null,
    refreshing: busy && data !== null,
    reload,
  };
}

/**
 * Identical queries in flight at once are sent once: three KPIs reading one dataset refetch it once
 * after a change, not three times.
 */
const inFlight = new Map<string, { promise: Promise<QueryResult>; issuedAt: number }>();

function sharedQuery(key: string, run: () => Promise<QueryResult>): { promise: Promise<QueryResult>; issuedAt: number } {
  let entry = inFlight.get(key);
  if (!entry) {
    const promise = run();
    const started = { promise, issuedAt: performance.now() };
    inFlight.set(key, started);
    promise.then(
      () => inFlight.delete(key),
      () => inFlight.delete(key),
    );
    entry = started;
  }
  return entry;
}

/** Quiet time after a table change before dependent queries refetch, and the longest a burst of changes may hold them back. */
const SETTLE_MS = 250;
const MAX_HOLD_MS = 1500;

/**
 * The version stamp, held back while changes keep arriving: a person typing down a column writes a
 * changeset per cell, and every dashboard query re-running for each of them would queue up on the
 * warehouse (and in front of the next write). A change after a quiet spell refetches at once (a
 * slider moved, a cell saved: the view answers now); changes arriving within SETTLE_MS of the last
 * refetch wait for the burst to settle, or at most MAX_HOLD_MS, which keeps the page live without
 * that pile-up.
 */
export function useSettledVersion(version: string): string {
  const [settled, setSettled] = useState(version);
  const heldSince = useRef<number | null>(null);
  const appliedAt = useRef(0);
  useEffect(() => {
    if (version === settled) {
      heldSince.current = null;
      return;
    }
    const now = Date.now();
    const apply = () => {
      appliedAt.current = Date.now();
      setSettled(version);
    };
    if (heldSince.current === null && now - appliedAt.current >= SETTLE_MS) return apply();
    heldSince.current ??= now;
    const timer = window.setTimeout(apply, Math.max(0, Math.min(SETTLE_MS, heldSince.current + MAX_HOLD_MS - now)));
    return () => window.clearTimeout(timer);
  }, [version, settled]);
  return settled;
}
