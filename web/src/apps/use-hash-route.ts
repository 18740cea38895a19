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
  /** The page's filter values the address sets (`#/<app>/<page>?entity=E03`), as text. */
  params: Record<string, string>;
  /** Counts the address's changes from outside the page (links, back and forward, an edited address). */
  visit: number;
}

/** Hash routes (#/app/page) work behind any static file server without rewrite rules. */
function parse(hash: string, visit = 0): Route {
  const address = hash.replace(/^#\/?/, '');
  const query = address.indexOf('?');
  const path = query < 0 ? address : address.slice(0, query);
  const params = query < 0 ? {} : Object.fromEntries(new URLSearchParams(address.slice(query + 1)));
  const [app, page] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (app?.startsWith('~')) {
    const name = app.slice(1);
    return { app: null, page: null, screen: SCREENS.includes(name) ? (name as Screen) : 'unknown', item: page ?? null, params: {}, visit };
  }
  return { app: app ?? null, page: page ?? null, screen: null, item: null, params, visit };
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
  window.history.replaceState(null, '', `/${routeHref(app!, page, Object.fromEntries(new URLSearchParams(window.location.search)))}`);
}

export function routeHref(app: string, page?: string, params: Readonly<Record<string, string>> = {}): string {
  return `#/${encodeURIComponent(app)}${page ? `/${encodeURIComponent(page)}` : ''}${querySuffix(params)}`;
}

/** A page's shareable address on this server, `/apps/<app>/<page>`, with the filter values it sets. */
export function pageAddress(app: string, page: string, params: Readonly<Record<string, string>> = {}): string {
  return `${window.location.origin}/apps/${encodeURIComponent(app)}/${encodeURIComponent(page)}${querySuffix(params)}`;
}

/** Shows the page's filter values in the address bar, without a history entry per change. */
export function showParamsInAddress(app: string, page: string, params: Readonly<Record<string, string>>): void {
  const href = routeHref(app, page, params);
  if (window.location.hash !== href) window.history.replaceState(window.history.state, '', href);
}

function querySuffix(params: Readonly<Record<string, string>>): string {
  const query = new URLSearchParams(params).toString();
  return query ? `?${query}` : '';
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
    // The page's own filter changes replace the address without an event: every event comes from outside.
    const onChange = () => setRoute((previous) => parse(window.location.hash, previous.visit + 1));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);

  const navigate = useCallback((app: string | null, page?: string) => {
    window.location.hash = app ? routeHref(app, page) : '#/';
  }, []);

  return { route, navigate };
}
