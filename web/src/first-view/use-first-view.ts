import { ApiError } from '../api/client';
import type { AppDetail, QueryResult, Session } from '../api/types';
import { firstViewState, type FirstView, type FirstViewState } from './first-view-state';

// The app's side of the page-opening request: each part is used once, for the request the page
// would have sent itself, and anything that does not match falls back to the normal request.

const opened = (state: FirstViewState | undefined, answer: { status: number; body: unknown } | null): FirstView | null =>
  state && answer?.status === 200 ? (answer.body as FirstView) : null;

/** The session from the opening request (a 401 there means signed out), or null to ask the server as usual. */
export function takeFirstViewSession(fallback: () => Promise<Session>): Promise<Session> | null {
  const state = firstViewState();
  if (!state || state.sessionTaken) return null;
  state.sessionTaken = true;
  return state.answer.then((answer) => {
    if (answer?.status === 401) throw new ApiError(401, 'AUTH_REQUIRED', 'Sign in to continue.');
    const view = opened(state, answer);
    if (!view?.csrfToken) return fallback();
    return { user: view.user, csrfToken: view.csrfToken, ...(view.warehouseSignIn === undefined ? {} : { warehouseSignIn: view.warehouseSignIn }) };
  });
}

/** The app definition from the opening request when it is for this app, or null. */
export function takeFirstViewApp(app: string, fallback: () => Promise<AppDetail>): Promise<AppDetail> | null {
  const state = firstViewState();
  if (!state || state.appTaken || state.app !== app) return null;
  state.appTaken = true;
  return state.answer.then((answer) => opened(state, answer)?.app ?? fallback());
}

/**
 * The opening result of a dataset request the page sends (`body` as the page serialises it), if it
 * has arrived and was run with exactly that request. Only while the page first renders: once it is
 * on screen (releaseFirstView), later mounts ask the server, so a page opened again never shows
 * the opening numbers after they changed.
 */
export function firstViewResult(app: string, dataset: string, body: string): { result: QueryResult; issuedAt: number } | null {
  const state = firstViewState();
  const arrived = state?.arrived;
  if (!state || !arrived || state.claimed || state.app !== app) return null;
  const view = opened(state, arrived);
  const wanted = canonical(JSON.parse(body));
  const found = view?.datasets.find((d) => d.dataset === dataset && canonical(d.request) === wanted);
  return found ? { result: found.result, issuedAt: state.sentAt } : null;
}

/** JSON with object keys sorted, so two requests compare equal whatever order their keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
