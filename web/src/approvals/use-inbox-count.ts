import { useEffect, useState } from 'react';
import { listRequests } from '../api/approval-endpoints';
import { subscribeApprovals } from './approval-events';

/** Approval events arrive live; this slow refresh only covers a stream that cannot be opened. */
export const FALLBACK_REFRESH_MS = 120_000;
/** Dispatched on `window` after this tab approved, rejected, withdrew or submitted something. */
export const APPROVALS_CHANGED = 'roundtrip:approvals-changed';

export function announceApprovalsChanged(): void {
  window.dispatchEvent(new Event(APPROVALS_CHANGED));
}

/** Requests waiting for the signed-in user's approval (0 for users who approve nothing). */
export function useInboxCount(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let controller = new AbortController();
    const refresh = () => {
      controller.abort();
      controller = new AbortController();
      listRequests({ view: 'inbox' }, controller.signal)
        .then((requests) => setCount(requests.length))
        // The badge is a hint: a failed refresh keeps the last count.
        .catch(() => undefined);
    };
    refresh();
    const timer = window.setInterval(refresh, FALLBACK_REFRESH_MS);
    const unsubscribe = subscribeApprovals(refresh);
    window.addEventListener(APPROVALS_CHANGED, refresh);
    window.addEventListener('hashchange', refresh);
    return () => {
      controller.abort();
      window.clearInterval(timer);
      unsubscribe();
      window.removeEventListener(APPROVALS_CHANGED, refresh);
      window.removeEventListener('hashchange', refresh);
    };
  }, []);
  return count;
}
