import { useCallback, useEffect } from 'react';
import type { RowKey, Session } from '../api/types';
import { AppView } from '../apps/app-view';
import { useAppDetail } from '../apps/use-apps';
import { tellHost } from './embed-route';

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
    tellHost({ type: 'roundtrip:ready', app, page });
    const observer = new ResizeObserver(() => tellHost({ type: 'roundtrip:resize', height: Math.ceil(document.documentElement.scrollHeight) }));
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [app, page]);

  const onCommitted = useCallback(
    (table: string, keys: RowKey[], changesetId: string) => tellHost({ type: 'roundtrip:changeset', app, table, changesetId, rows: keys.length }),
    [app],
  );

  return (
    <div className="embed-shell" data-testid="embed-shell">
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

/** The embed session ended (expired, revoked, or the viewer signed in elsewhere): the host must sign a new token. */
export function EmbedEnded() {
  useEffect(() => tellHost({ type: 'roundtrip:session-ended' }), []);
  return (
    <div className="center-screen" data-testid="embed-ended">
      <p className="notice">This view has ended. Reload the page to open it again.</p>
    </div>
  );
}
