/** The app and page of an embedded view (`/embed/<app>/<page>`), or null outside one. */
export function embedRoute(pathname: string): { app: string; page: string | null } | null {
  const match = /^\/embed\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return null;
  return { app: decodeURIComponent(match[1]!), page: match[2] ? decodeURIComponent(match[2]) : null };
}

/** What the embedded view tells its host page (window.parent), as `{ type: 'roundtrip:<event>', … }` messages. */
export type EmbedEvent =
  | { type: 'roundtrip:ready'; app: string; page: string | null }
  | { type: 'roundtrip:changeset'; app: string; table: string; changesetId: string; rows: number }
  | { type: 'roundtrip:resize'; height: number }
  | { type: 'roundtrip:session-ended'; refused?: string };

/**
 * Posts to the host. Any origin may receive it: only the embedding's
 * registered origins may frame this page (frame-ancestors), and the events
 * carry ids and counts, never row values.
 */
export function tellHost(event: EmbedEvent): void {
  if (window.parent !== window) window.parent.postMessage(event, '*');
}
