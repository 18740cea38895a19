import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { apiRequest } from '../api/client';
import { subscribeChanges, type LiveStatus } from '../api/events';
import type { ChangeEvent, CommentEvent, NoticeEvent, Session } from '../api/types';
import { presence, TAB_ID } from './presence-store';

/** `null` means "the stream was interrupted; anything may have changed". */
type ChangeListener = (event: ChangeEvent | null) => void;
/** `null`, as for changes: the stream was interrupted, threads and counts may be stale. */
type CommentListener = (event: CommentEvent | null) => void;
type NoticeListener = (event: NoticeEvent) => void;

interface LiveContextValue {
  status: LiveStatus;
  subscribe: (listener: ChangeListener) => () => void;
  subscribeComments: (listener: CommentListener) => () => void;
  subscribeNotices: (listener: NoticeListener) => () => void;
  /** The signed-in user's username: change events by anyone else are "changes by others". */
  self: string;
}

const LiveContext = createContext<LiveContextValue>({
  status: 'connecting',
  subscribe: () => () => undefined,
  subscribeComments: () => () => undefined,
  subscribeNotices: () => () => undefined,
  self: '',
});

const RECHECK_MS = 5000;

/**
 * One EventSource per signed-in tab, shared by every page and block. When the server ends the
 * stream (logout elsewhere, expiry, a disabled user, …) it asks who the user is now: a 401 goes to
 * the sign-in page (the API client's unauthorized handler); the same user gets a new stream and a
 * resync; another user (signed in meanwhile in another tab) reloads the page. `self` (the
 * username) lets views tell their own changes from other people's.
 */
export function LiveProvider({ userId, self, children }: { userId: string; self: string; children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [attempt, setAttempt] = useState(0);
  const listeners = useRef(new Set<ChangeListener>());
  const commentListeners = useRef(new Set<CommentListener>());
  const noticeListeners = useRef(new Set<NoticeListener>());

  useEffect(() => {
    const emit = (event: ChangeEvent | null) => {
      for (const listener of [...listeners.current]) listener(event);
      if (event === null) for (const listener of [...commentListeners.current]) listener(null);
    };
    const emitComment = (event: CommentEvent) => {
      for (const listener of [...commentListeners.current]) listener(event);
    };
    let retry: number | undefined;
    const onEnd = () => {
      apiRequest<Session>('GET', '/api/auth/me').then(
        (session) => (session.user.id === userId ? setAttempt((n) => n + 1) : window.location.reload()),
        (error: unknown) => {
          // A 401 has already signed the tab out; anything else (server unreachable) is tried again.
          if ((error as { status?: number }).status !== 401) retry = window.setTimeout(() => setAttempt((n) => n + 1), RECHECK_MS);
        },
      );
    };
    const onStatus = (next: LiveStatus) => {
      setStatus(next);
      if (next === 'live') presence.reconnected();
    };
    const unsubscribe = subscribeChanges({
      onChange: emit,
      onComment: emitComment,
      onNotice: (event) => {
        for (const listener of [...noticeListeners.current]) listener(event);
      },
      onStatus,
      onResync: () => {
        emit(null);
        presence.reconnected();
      },
      onEnd,
      onPresence: (list) => presence.receive(list),
      tab: TAB_ID,
      resume: attempt > 0,
    });
    return () => {
      window.clearTimeout(retry);
      unsubscribe();
    };
  }, [userId, attempt]);

  const subscribe = useCallback((listener: ChangeListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const subscribeComments = useCallback((listener: CommentListener) => {
    commentListeners.current.add(listener);
    return () => {
      commentListeners.current.delete(listener);
    };
  }, []);

  const subscribeNotices = useCallback((listener: NoticeListener) => {
    noticeListeners.current.add(listener);
    return () => {
      noticeListeners.current.delete(listener);
    };
  }, []);

  const value = useMemo<LiveContextValue>(
    () => ({ status, subscribe, subscribeComments, subscribeNotices, self }),
    [status, subscribe, subscribeComments, subscribeNotices, self],
  );

  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The signed-in user's username. */
export function useSelf(): string {
  return useContext(LiveContext).self;
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

/** Calls `listener` for every comment event (and `null` after the stream was interrupted). */
export function useLiveComments(listener: CommentListener): void {
  const { subscribeComments } = useContext(LiveContext);
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribeComments((event) => latest.current(event)), [subscribeComments]);
}

/** Calls `listener` for every notice an action sends the user's roles. */
export function useLiveNotices(listener: NoticeListener): void {
  const { subscribeNotices } = useContext(LiveContext);
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribeNotices((event) => latest.current(event)), [subscribeNotices]);
}
