import type { Ref } from 'react';
import type { AppDetail, AppSummary } from '../api/types';
import { useInboxCount } from '../approvals/use-inbox-count';
import { Skeleton } from '../ui/spinner';
import { routeHref, screenHref, type Screen } from './use-hash-route';
import { pageUsable } from './usable-blocks';

interface AppNavProps {
  id: string;
  navRef: Ref<HTMLElement>;
  apps: { value: AppSummary[] | null; loading: boolean; error: { message: string } | null };
  currentApp: string | null;
  detail: AppDetail | null;
  currentPage: string | null;
  currentScreen: string | null;
  currentItem: string | null;
  isAdmin: boolean;
}

const ADMIN_SCREENS: { screen: Screen; label: string }[] = [
  { screen: 'users', label: 'Users' },
  { screen: 'rules-editor', label: 'Rules editor' },
  { screen: 'admin-changes', label: 'Admin changes' },
];

export function AppNav({ id, navRef, apps, currentApp, detail, currentPage, currentScreen, currentItem, isAdmin }: AppNavProps) {
  const waiting = useInboxCount();
  const inApprovals = currentScreen === 'approvals';
  const mine = inApprovals && currentItem === 'mine';
  return (
    <nav id={id} ref={navRef} className="sidebar" aria-label="Apps" data-testid="app-nav">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true">
          ⇄
        </span>
        <span>Roundtrip</span>
      </a>
      <div className="nav-section-label">Apps</div>
      {apps.loading ? <Skeleton lines={3} /> : null}
      {apps.error ? <p className="nav-error">Could not load apps</p> : null}
      <ul className="nav-list">
        {(apps.value ?? []).map((app) => {
          const active = app.name === currentApp;
          return (
            <li key={app.name}>
              <a
                className={active ? 'nav-app active' : 'nav-app'}
                href={routeHref(app.name)}
                aria-current={active && !currentPage ? 'page' : undefined}
                title={app.description ?? undefined}
              >
                {app.title}
              </a>
              {active && detail ? (
                <ul className="nav-pages">
                  {detail.pages
                    .filter((page) => pageUsable(page, detail))
                    .map((page) => (
                      <li key={page.id}>
                        <a
                          className={page.id === currentPage ? 'nav-page active' : 'nav-page'}
                          href={routeHref(app.name, page.id)}
                          aria-current={page.id === currentPage ? 'page' : undefined}
                        >
                          {page.title}
                        </a>
                      </li>
                    ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div className="nav-section-label">Approvals</div>
      <ul className="nav-list">
        <li>
          <a
            className={inApprovals && !mine ? 'nav-app active' : 'nav-app'}
            href={screenHref('approvals')}
            aria-current={inApprovals && !mine ? 'page' : undefined}
            data-testid="nav-approvals"
          >
            Approvals
            {waiting > 0 ? (
              <span className="nav-badge" title={`${waiting} waiting for you`}>
                <span data-testid="approvals-badge">{waiting}</span>
                <span className="sr-only"> waiting for you</span>
              </span>
            ) : null}
          </a>
        </li>
        <li>
          <a
            className={mine ? 'nav-app active' : 'nav-app'}
            href={screenHref('approvals', 'mine')}
            aria-current={mine ? 'page' : undefined}
            data-testid="nav-my-submissions"
          >
            My submissions
          </a>
        </li>
      </ul>
      {isAdmin ? (
        <>
          <div className="nav-section-label">Administration</div>
          <ul className="nav-list">
            {ADMIN_SCREENS.map(({ screen, label }) => (
              <li key={screen}>
                <a
                  className={screen === currentScreen ? 'nav-app active' : 'nav-app'}
                  href={screenHref(screen)}
                  aria-current={screen === currentScreen ? 'page' : undefined}
                  data-testid={`nav-${screen}`}
                >
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </nav>
  );
}
