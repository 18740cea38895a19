import type { ApprovalEvent } from '../api/approval-types';

/** Something happened to a request the user may see (pushed by the server), or the stream came back after a drop. */
export type ApprovalListener = (event: ApprovalEvent | null) => void;

const RETRY_MS = 5000;
const listeners = new Set<ApprovalListener>();
let source: EventSource | null = null;
let retryTimer: number | undefined;

/**
 * Listens for `approval` events on the live stream: one stream per tab,
 * shared by the badge, the inbox and an open request, opened while one of
 * them listens. `null` tells listeners to reload (the stream reopened, so
 * events may have been missed; or the user's access changed).
 */
export function subscribeApprovals(listener: ApprovalListener): () => void {
  listeners.add(listener);
  if (listeners.size === 1) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

function emit(event: ApprovalEvent | null): void {
  for (const listener of [...listeners]) listener(event);
}

function connect(): void {
  let dropped = false;
  const opened = new EventSource('/api/events', { withCredentials: true });
  source = opened;
  opened.addEventListener('open', () => {
    if (dropped) emit(null);
    dropped = false;
  });
  opened.addEventListener('error', () => {
    dropped = true;
    // The browser retries by itself unless the server answered with an error status.
    if (opened.readyState === EventSource.CLOSED && source === opened) {
      opened.close();
      retryTimer = window.setTimeout(connect, RETRY_MS);
    }
  });
  opened.addEventListener('approval', (message) => {
    const event = parseApproval((message as MessageEvent<string>).data);
    if (event) emit(event);
  });
  opened.addEventListener('access', () => emit(null));
  // The credential ended: the session screens take over; the stream is not reopened as it was.
  opened.addEventListener('end', () => {
    opened.close();
    if (source === opened) source = null;
  });
}

function disconnect(): void {
  window.clearTimeout(retryTimer);
  source?.close();
  source = null;
}

function parseApproval(data: string): ApprovalEvent | null {
  try {
    const value = JSON.parse(data) as Partial<ApprovalEvent>;
    if (typeof value.requestId !== 'string' || typeof value.app !== 'string') return null;
    return value as ApprovalEvent;
  } catch {
    return null;
  }
}
