import { useCallback, useEffect, useRef } from 'react';
import type { RowKey, Session } from '../api/types';
import { AppView } from '../apps/app-view';
import { useAppDetail } from '../apps/use-apps';
import { tellHost } from './embed-route';
import { applyHostTheme } from './embed-theme';

interface EmbedShellProps {
  session: Session;
  app: string;
  page: string | null;
}

/** An app page inside a host product: no sidebar or user menu, the locked parameters fixed, events and size told to the host. */
export function EmbedShell({ session, app, page }: EmbedShellProps) {
  const detail = useAppDetail(app, session.user.username);
  const current = detail.value && detail.value.name === app ? detail.value : null;
  const pageSpec = current?.pages.find((p) => p.id === page) ?? current?.pages[0] ?? null;
  const view = session.user.attributes.embed as { params?: Record<string, unknown> } | undefined;
  const locked = view?.params ?? {};

  useEffect(() => {
    window.addEventListener('message', applyHostTheme);
    return () => window.removeEventListener('message', applyHostTheme);
  }, []);

  const shell = useRef<HTMLDivElement>(null);
  useEffect(() => {
    tellHost({ type: 'roundtrip:ready', app, page });
    const element = shell.current;
    if (!element) return;
    // The shell is as tall as its content (html and body are viewport-sized), so its size is what the host's frame should be.
    const observer = new ResizeObserver(() => tellHost({ type: 'roundtrip:resize', height: Math.ceil(element.getBoundingClientRect().height) }));
    observer.observe(element);
    return () => observer.disconnect();
  }, [app, page]);

  const onCommitted = useCallback(
    (table: string, keys: RowKey[], changesetId: string) => tellHost({ type: 'roundtrip:changeset', app, table, changesetId, rows: keys.length }),
    [app],
  );

  return (
    <div className="embed-shell" data-testid="embed-shell" ref={shell}>
      <main className="content">
        <AppView
          appName={app}
          detail={detail}
          app={current}
          page={pageSpec}
          requestedPage={page}
          viewer={session.user.username}
          locked={locked}
          onCommitted={onCommitted}
        />
      </main>
    </div>
  );
}

/**
 * No embed session: it ended (expired, revoked) or the host's token was refused (`?refused=<code>`).
 * The host is told, so it can sign a new token; the page shows no data and no login.
 */
export function EmbedEnded() {
  const refused = new URLSearchParams(window.location.search).get('refused');
  useEffect(() => tellHost({ type: 'roundtrip:session-ended', refused: refused ?? undefined }), [refused]);
  return (
    <div className="center-screen" data-testid="embed-ended" data-refused={refused ?? ''}>
      <p className="notice">{refused ? `This view could not be opened (${refused}).` : 'This view has ended.'} Reload the page to open it again.</p>
    </div>
  );
}
