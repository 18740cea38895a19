import type { Session } from '../api/types';
import { useLiveStatus } from '../live/use-live-changes';
import { AppList } from './app-list';
import { AppNav } from './app-nav';
import { AppView } from './app-view';
import { useAppDetail, useAppList } from './use-apps';
import { useHashRoute } from './use-hash-route';

interface AppShellProps {
  session: Session;
  onSignOut: () => void;
}

export function AppShell({ session, onSignOut }: AppShellProps) {
  const { route } = useHashRoute();
  const apps = useAppList();
  const detail = useAppDetail(route.app);
  const current = detail.value && detail.value.name === route.app ? detail.value : null;
  const page = current?.pages.find((p) => p.id === route.page) ?? current?.pages[0] ?? null;

  return (
    <div className="shell">
      <AppNav apps={apps} currentApp={route.app} detail={current} currentPage={page?.id ?? null} />
      <div className="shell-main">
        <header className="topbar">
          <div className="topbar-title">
            {current ? (
              <>
                <span className="crumb">{current.title}</span>
                {page ? <span className="crumb crumb-current">{page.title}</span> : null}
              </>
            ) : (
              <span className="crumb crumb-current">Apps</span>
            )}
          </div>
          <div className="topbar-user">
            <LiveBadge />
            <span className="user-chip" title={session.user.roles.join(', ')} data-testid="current-user">
              <span className="avatar" aria-hidden="true">
                {initials(session.user.displayName || session.user.username)}
              </span>
              {session.user.displayName || session.user.username}
            </span>
            <button type="button" className="btn btn-small" onClick={onSignOut}>
              Log out
            </button>
          </div>
        </header>
        <main className="content">
          {route.app ? (
            <AppView appName={route.app} detail={detail} app={current} page={page} requestedPage={route.page} />
          ) : (
            <AppList apps={apps} />
          )}
        </main>
      </div>
    </div>
  );
}

function LiveBadge() {
  const status = useLiveStatus();
  const label = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span className={`live-badge live-${status}`} data-testid="live-status" data-status={status} title="Updates from other users appear automatically">
      <span className="live-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

function initials(name: string): string {
  return name
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}
