import { useToasts } from '../ui/toasts';
import { useLiveNotices } from './use-live-changes';

/** How long a notice stays on screen: it is news for someone who was busy elsewhere. */
const NOTICE_MS = 12_000;

/** Shows what actions tell the user's roles (an action's notify step) as a toast, on whatever page is open. */
export function LiveNotices() {
  const toast = useToasts();
  useLiveNotices((notice) => {
    toast.show({ tone: 'info', title: `${notice.appTitle} · ${notice.by}`, detail: notice.message, timeout: NOTICE_MS });
  });
  return null;
}
