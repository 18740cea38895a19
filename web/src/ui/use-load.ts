import { useCallback, useEffect, useState } from 'react';
import { isAbort, toApiErrorLike, type ApiError } from '../api/client';

export interface Loadable<T> {
  value: T | null;
  error: ApiError | null;
  loading: boolean;
  retry: () => void;
  /** Replaces the loaded value after a local change the server confirmed, without refetching. */
  update: (change: (value: T | null) => T | null) => void;
}

/** Loads once per change of `deps`; a newer load aborts the older one. `null` loads nothing. */
export function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): Loadable<T> {
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

  const retry = useCallback(() => setTick((t) => t + 1), []);
  const update = useCallback((change: (value: T | null) => T | null) => setValue(change), []);
  return { value, error, loading, retry, update };
}
