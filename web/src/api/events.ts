import type { ChangeEvent, CommentEvent, NoticeEvent, PresenceList } from './types';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

interface ChangeSubscription {
  onChange: (event: ChangeEvent) => void;
  /** A comment was added to or deleted from a row the user may read. */
  onComment?: (event: CommentEvent) => void;
  /** An action told people of the user's roles something (its notify step). */
  onNotice?: (event: NoticeEvent) => void;
  onStatus: (status: LiveStatus) => void;
  /**
   * Fired when the stream comes back after a drop (events sent meanwhile are lost) and when the
   * user's roles or attributes changed (what is shown was read under the old ones): callers resync.
   */
  onResync: () => void;
  /**
   * The server ended the stream for good (`reason`: `session-ended`, `session-expired`, `user-disabled`,
   * `user-removed`, `token-revoked`, `token-expired`, `preview-ended`, `check-failed`, `server-closing`).
   * The stream is closed and not retried: find out who the user is now, then subscribe again or sign out.
   */
  onEnd: (reason: string) => void;
  /** Who else is on an app changed (the whole list for that app). */
  onPresence?: (list: PresenceList) => void;
  /** The tab's id: the stream's end ends the presence the tab announced under it. */
  tab?: string;
  /** This subscription follows one that ended: resync once it is open. */
  resume?: boolean;
}

const RETRY_MS = 5000;

export function subscribeChanges(handlers: ChangeSubscription): () => void {
  let source: EventSource | null = null;
  let retryTimer: number | undefined;
  let dropped = handlers.resume ?? false;
  let closed = false;

  const connect = () => {
    source = new EventSource(handlers.tab ? `/api/events?tab=${encodeURIComponent(handlers.tab)}` : '/api/events', { withCredentials: true });
    source.addEventListener('open', () => {
      handlers.onStatus('live');
      if (dropped) handlers.onResync();
      dropped = false;
    });
    source.addEventListener('error', () => {
      dropped = true;
      handlers.onStatus('reconnecting');
      // The browser retries on its own unless the server answered with an error status; then we retry ourselves.
      if (source?.readyState === EventSource.CLOSED && !closed) {
        source.close();
        retryTimer = window.setTimeout(connect, RETRY_MS);
      }
    });
    source.addEventListener('change', (message) => {
      const event = parseChange((message as MessageEvent<string>).data);
      if (event) handlers.onChange(event);
    });
    source.addEventListener('notice', (message) => {
      const event = parseNotice((message as MessageEvent<string>).data);
      if (event) handlers.onNotice?.(event);
    });
    source.addEventListener('comment', (message) => {
      const event = parseComment((message as MessageEvent<string>).data);
      if (event) handlers.onComment?.(event);
    });
    source.addEventListener('access', () => handlers.onResync());
    source.addEventListener('presence', (message) => {
      const list = parsePresence((message as MessageEvent<string>).data);
      if (list) handlers.onPresence?.(list);
    });
    source.addEventListener('end', (message) => {
      // Without closing, EventSource would reconnect on its own with the same (dead) credential.
      closed = true;
      source?.close();
      handlers.onStatus('reconnecting');
      handlers.onEnd(parseReason((message as MessageEvent<string>).data));
    });
  };

  handlers.onStatus('connecting');
  connect();

  return () => {
    closed = true;
    window.clearTimeout(retryTimer);
    source?.close();
  };
}

function parseChange(data: string): ChangeEvent | null {
  try {
    const value = JSON.parse(data) as Partial<ChangeEvent>;
    if (typeof value.app !== 'string' || typeof value.table !== 'string') return null;
    return {
      app: value.app,
      table: value.table,
      keys: Array.isArray(value.keys) ? value.keys : [],
      changesetId: String(value.changesetId ?? ''),
      user: String(value.user ?? ''),
    };
  } catch {
    return null;
  }
}

export function parsePresence(data: unknown): PresenceList | null {
  try {
    const value = (typeof data === 'string' ? JSON.parse(data) : data) as Partial<PresenceList>;
    if (typeof value.app !== 'string' || !Array.isArray(value.others)) return null;
    return { app: value.app, others: value.others };
  } catch {
    return null;
  }
}

function parseNotice(data: string): NoticeEvent | null {
  try {
    const value = JSON.parse(data) as Partial<NoticeEvent>;
    if (typeof value.app !== 'string' || typeof value.message !== 'string') return null;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      noticeId: text(value.noticeId),
      app: value.app,
      appTitle: text(value.appTitle),
      action: text(value.action),
      message: value.message,
      by: text(value.by),
      at: text(value.at),
    };
  } catch {
    return null;
  }
}

function parseComment(data: string): CommentEvent | null {
  try {
    const value = JSON.parse(data) as Partial<CommentEvent>;
    if (typeof value.app !== 'string' || typeof value.table !== 'string' || !value.key || typeof value.key !== 'object') return null;
    return {
      app: value.app,
      table: value.table,
      key: value.key,
      commentId: String(value.commentId ?? ''),
      action: value.action === 'deleted' ? 'deleted' : 'added',
      user: String(value.user ?? ''),
    };
  } catch {
    return null;
  }
}

function parseReason(data: string): string {
  try {
    const value = JSON.parse(data) as { reason?: unknown };
    return typeof value.reason === 'string' ? value.reason : 'unknown';
  } catch {
    return 'unknown';
  }
}
