import { useLayoutEffect } from 'react';
import type { ApiError } from '../api/client';
import type { AppDetail, PageSpec, RowKey } from '../api/types';
import { PagePresence } from '../live/presence-bar';
import { PageExportMenu } from '../office/page-export-menu';
import { AsOfControl } from '../time-travel/as-of-control';
import { ErrorBanner } from '../ui/error-banner';
import { releaseFirstView } from '../first-view/first-view-state';
import { Skeleton } from '../ui/spinner';
import { PageLink } from './page-link';
import { PageProvider } from './page-context';
import { PageRenderer } from './page-renderer';
import type { Route } from './use-hash-route';

interface AppViewProps {
  appName: string;
  detail: { loading: boolean; error: ApiError | null; retry: () => void };
  app: AppDetail | null;
  page: PageSpec | null;
  requestedPage: string | null;
  /** Who the page is shown for: the signed-in user, or the user an admin previews. */
  viewer: string;
  /** Page variables fixed from outside (an embedding's locked parameters). */
  locked?: Record<string, unknown>;
  /**
   * The page's own address (an embedded page has none): the filter values it set and how often it changed from
   * outside. Its filters show in it, and "Copy link" shares it.
   */
  address?: Pick<Route, 'params' | 'visit'>;
  onCommitted?: (table: string, keys: RowKey[], changesetId: string) => void;
}

export function AppView({ appName, detail, app, page, requestedPage, viewer, locked, address, onCommitted }: AppViewProps) {
  const settled = Boolean(detail.error || (app && !page));
  // Nothing of the page will show (an error, no pages): the early view of its KPI values goes too.
  useLayoutEffect(() => {
    if (settled) releaseFirstView();
  }, [settled]);
  if (detail.error) {
    return (
      <div className="page">
        <ErrorBanner error={detail.error} onRetry={detail.retry} />
      </div>
    );
  }
  if (!app) {
    return (
      <div className="page" aria-busy="true">
        <div className="skeleton skeleton-title" />
        <Skeleton lines={4} />
      </div>
    );
  }
  if (!page) {
    return (
      <div className="page">
        <p className="muted">The app “{app.title}” has no pages yet.</p>
      </div>
    );
  }
  return (
    <div className="page">
      {/* Keyed so filters, paging, selections and time travel start fresh on every page, for every previewed user and
          whenever the address changed from outside (a link, back or forward, an edited address): it may hold other filter values. */}
      <PageProvider
        key={`${viewer}/${appName}/${page.id}/${address?.visit ?? 0}`}
        app={app}
        page={page}
        locked={locked}
        address={address?.params}
        onCommitted={onCommitted}
      >
        <div className="page-heading page-heading-row">
          <div>
            <h1 className="page-title">{page.title}</h1>
            {app.description ? <p className="page-subtitle">{app.description}</p> : null}
          </div>
          <div className="page-heading-tools">
            <PagePresence app={app.name} page={page.id} />
            {address ? <PageLink /> : null}
            <PageExportMenu />
            <AsOfControl />
          </div>
        </div>
        {requestedPage && requestedPage !== page.id ? (
          <p className="notice">
            Page “{requestedPage}” was not found; showing “{page.title}”.
          </p>
        ) : null}
        <PageRenderer page={page} />
      </PageProvider>
    </div>
  );
}
