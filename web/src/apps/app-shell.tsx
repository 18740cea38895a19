import type { Session } from '../api/types';
import { useLiveStatus } from '../live/use-live-changes';
import { PreviewBanner } from '../preview/preview-banner';
import { usePreview } from '../preview/preview-context';
import { PreviewPicker } from '../preview/preview-picker';
import { AppList } from './app-list';
import { AppNav } from './app-nav';
import { AppView } from './app-view';
import { ScreenView, screenTitle } from './screen-view';
import { useAppDetail, useAppList } from './use-apps';
import { useHashRoute } from './use-hash-route';
import { useNavDrawer } from './use-nav-drawer';
import { UserMenu } from './user-menu';

interface AppShellProps {
  session: Session;
  onSignOut: () => void;
}

/** The role that may manage users, read admin changes and preview as other users. */
const ADMIN_ROLE = 'admin';
const NAV_ID = 'app-nav';

export function AppShell({ session, onSignOut }: AppShellProps) {
  const { route } = useHashRoute();
  const { previewAs } = usePreview();
  const viewer = previewAs ?? session.user.username;
  const isAdmin = session.user.roles.includes(ADMIN_ROLE);
  const apps = useAppList(viewer);
  const detail = useAppDetail(route.app, viewer);
  const current = detail.value && detail.value.name === route.app ? detail.value : null;
  const page = current?.pages.find((p) => p.id === route.page) ?? current?.pages[0] ?? null;

  const menu = useNavDrawer(route);

  return (
    <div className={menu.open ? 'shell nav-open' : 'shell'}>
      <AppNav
        id={NAV_ID}
        navRef={menu.navRef}
        apps={apps}
        currentApp={route.app}
        detail={current}
        currentPage={page?.id ?? null}
        currentScreen={route.screen}
        currentItem={route.item}
        isAdmin={isAdmin}
      />
      {menu.open ? <div className="nav-backdrop" aria-hidden="true" onClick={menu.close} /> : null}
      <div className="shell-main">
        <header className="topbar">
          <button
            ref={menu.buttonRef}
            type="button"
            className="menu-button"
            aria-controls={NAV_ID}
            aria-expanded={menu.open}
            aria-label="Menu"
            data-testid="menu-button"
            onClick={menu.toggle}
          >
            <span className="menu-icon" aria-hidden="true" />
          </button>
          <div className="topbar-title">
            {route.screen ? (
              <span className="crumb crumb-current">{screenTitle(route.screen)}</span>
            ) : current ? (
              <>
                <span className="crumb">{current.title}</span>
                {page ? <span className="crumb crumb-current">{page.title}</span> : null}
              </>
            ) : (
              <span className="crumb crumb-current">Apps</span>
            )}
          </div>
          <div className="topbar-user">
            {isAdmin ? <PreviewPicker self={session.user.username} /> : null}
            <LiveBadge />
            <UserMenu user={session.user} warehouseSignIn={session.warehouseSignIn} onSignOut={onSignOut} />
          </div>
        </header>
        <PreviewBanner />
        <main className="content">
          {route.screen ? (
            <ScreenView screen={route.screen} item={route.item} isAdmin={isAdmin} self={session.user.username} />
          ) : route.app ? (
            <AppView appName={route.app} detail={detail} app={current} page={page} requestedPage={route.page} viewer={viewer} address={route} />
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
