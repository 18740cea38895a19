import { useCallback, useEffect, useState } from 'react';
import { isAbort, toApiErrorLike, type ApiError } from '../api/client';
import { queryDataset } from '../api/endpoints';
import type { QueryRequest, QueryResult } from '../api/types';
import { asOfFor, paramsFor, usePage, versionFor } from '../apps/page-context';

export interface DatasetState {
  data: QueryResult | null;
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
}

export function useDataset(dataset: string, request: Omit<QueryRequest, 'params'> = {}, options: DatasetOptions = {}): DatasetState {
  const page = usePage();
  const appName = page.app.name;
  const params = paramsFor(page, dataset);
  const asOf = asOfFor(page, dataset);
  const body = JSON.stringify({ ...request, ...(params ? { params } : {}), ...(asOf ? { asOf } : {}) });
  const version = versionFor(page, dataset, options.extraTables);

  const [data, setData] = useState<QueryResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(true);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    queryDataset(appName, dataset, JSON.parse(body) as QueryRequest, controller.signal)
      .then((result) => {
        setData(result);
        setError(null);
        setBusy(false);
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        setError(toApiErrorLike(err));
        setBusy(false);
      });
    return () => controller.abort();
  }, [appName, dataset, body, version, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);

  return {
    data,
    error,
    loading: busy && data === null,
    refreshing: busy && data !== null,
    reload,
  };
}
