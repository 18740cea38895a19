import { useCallback, useEffect, useState } from 'react';

export interface Route {
  app: string | null;
  page: string | null;
}

/** Hash routes (#/app/page) work behind any static file server without rewrite rules. */
function parse(hash: string): Route {
  const [app, page] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { app: app ?? null, page: page ?? null };
}

export function routeHref(app: string, page?: string): string {
  return `#/${encodeURIComponent(app)}${page ? `/${encodeURIComponent(page)}` : ''}`;
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
