import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { subscribeChanges, type LiveStatus } from '../api/events';
import type { ChangeEvent } from '../api/types';

/** `null` means "the stream was interrupted; anything may have changed". */
type ChangeListener = (event: ChangeEvent | null) => void;

interface LiveContextValue {
  status: LiveStatus;
  subscribe: (listener: ChangeListener) => () => void;
}

const LiveContext = createContext<LiveContextValue>({
  status: 'connecting',
  subscribe: () => () => undefined,
});

/** One EventSource per signed-in tab, shared by every page and block. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<ChangeListener>());

  useEffect(() => {
    const emit = (event: ChangeEvent | null) => {
      for (const listener of [...listeners.current]) listener(event);
    };
    return subscribeChanges({ onChange: emit, onStatus: setStatus, onResync: () => emit(null) });
  }, []);

  const subscribe = useCallback((listener: ChangeListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo<LiveContextValue>(() => ({ status, subscribe }), [status, subscribe]);

  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}

/** Calls `listener` for every change event; the latest listener is used without resubscribing. */
export function useLiveChanges(listener: ChangeListener): void {
  const { subscribe } = useContext(LiveContext);
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
