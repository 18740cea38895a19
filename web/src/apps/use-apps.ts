import { fetchApp, listApps } from '../api/endpoints';
import type { AppDetail, AppSummary } from '../api/types';
import { useLoad, type Loadable } from '../ui/use-load';

/** `viewer` is who the list is for (the signed-in user or the previewed one): a change reloads it. */
export function useAppList(viewer: string): Loadable<AppSummary[]> {
  return useLoad((signal) => listApps(signal), [viewer]);
}

export function useAppDetail(app: string | null, viewer: string): Loadable<AppDetail> {
  return useLoad(app ? (signal) => fetchApp(app, signal) : null, [app, viewer]);
}
