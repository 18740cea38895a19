import { useCallback, useEffect, useState } from 'react';

/** Screens outside any app. App names never start with `~`, so `#/~users` cannot shadow an app. */
export type Screen = 'users' | 'admin-changes' | 'rules-editor' | 'tokens' | 'approvals' | 'changesets';
const SCREENS: readonly string[] = ['users', 'admin-changes', 'rules-editor', 'tokens', 'approvals', 'changesets'];

export interface Route {
  app: string | null;
  page: string | null;
  /** A screen such as the user admin; `unknown` for a `~` route that names none. */
  screen: Screen | 'unknown' | null;
  /** What a screen shows inside it (`#/~approvals/<id>`), or null. */
  item: string | null;
}

/** Hash routes (#/app/page) work behind any static file server without rewrite rules. */
function parse(hash: string): Route {
  const [app, page] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (app?.startsWith('~')) {
    const name = app.slice(1);
    return { app: null, page: null, screen: SCREENS.includes(name) ? (name as Screen) : 'unknown', item: page ?? null };
  }
  return { app: app ?? null, page: page ?? null, screen: null, item: null };
}

/**
 * Page addresses to share (`/apps/<app>/<page>`) open with the page's KPI values inside the
 * document (the server knows the page); inside the app they become the hash route they name,
 * before the app reads it.
 */
export function adoptPageAddress(): void {
  const match = /^\/apps\/([^/]+)(?:\/([^/]+))?\/?$/.exec(window.location.pathname);
  if (!match) return;
  const [, app, page] = match.map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
  window.history.replaceState(null, '', `/${routeHref(app!, page)}`);
}

export function routeHref(app: string, page?: string): string {
  return `#/${encodeURIComponent(app)}${page ? `/${encodeURIComponent(page)}` : ''}`;
}

export function screenHref(screen: Screen, item?: string): string {
  return `#/~${screen}${item ? `/${encodeURIComponent(item)}` : ''}`;
}

/** The changeset screen (`#/~changesets/<id>`): who, when, why, the diff and revert. */
export function changesetHref(changesetId: string): string {
  return screenHref('changesets', changesetId);
}

export function useHashRoute() {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));

  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);

  const navigate = useCallback((app: string | null, page?: string) => {
    window.location.hash = app ? routeHref(app, page) : '#/';
  }, []);

  return { route, navigate };
}
