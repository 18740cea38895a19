import { useEffect, useState } from 'react';
import { isAbort, toApiErrorLike, type ApiError } from '../api/client';
import { fetchApp, listApps } from '../api/endpoints';
import type { AppDetail, AppSummary } from '../api/types';

interface Loadable<T> {
  value: T | null;
  error: ApiError | null;
  loading: boolean;
  retry: () => void;
}

function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): Loadable<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(load !== null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!load) {
      setValue(null);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    load(controller.signal)
      .then((v) => {
        setValue(v);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        setError(toApiErrorLike(err));
        setLoading(false);
      });
    return () => controller.abort();
    // `load` is a new closure every render; `deps` say when it really changes.
  }, [...deps, tick]);

  return { value, error, loading, retry: () => setTick((t) => t + 1) };
}

export function useAppList(): Loadable<AppSummary[]> {
  return useLoad((signal) => listApps(signal), []);
}

export function useAppDetail(app: string | null): Loadable<AppDetail> {
  return useLoad(app ? (signal) => fetchApp(app, signal) : null, [app]);
}
