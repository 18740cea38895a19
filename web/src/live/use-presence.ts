import { useEffect, useSyncExternalStore } from 'react';
import type { PresencePerson } from '../api/types';
import { presence } from './presence-store';

/** Everyone else on the app now (each user once). */
export function useOthers(app: string): readonly PresencePerson[] {
  return useSyncExternalStore(presence.subscribe, () => presence.others(app));
}

/** Announces that this tab shows `page` of `app` while mounted (not while previewing another user). */
export function useAnnouncePage(app: string, page: string, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    presence.show(app, page);
    return () => presence.leave();
  }, [app, page, enabled]);
}
