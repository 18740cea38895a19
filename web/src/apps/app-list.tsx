import type { ApiError } from '../api/client';
import type { AppSummary } from '../api/types';
import { ErrorBanner } from '../ui/error-banner';
import { Skeleton } from '../ui/spinner';
import { routeHref } from './use-hash-route';

interface AppListProps {
  apps: { value: AppSummary[] | null; loading: boolean; error: ApiError | null; retry: () => void };
}

export function AppList({ apps }: AppListProps) {
  return (
    <div className="page">
      <h1 className="page-title">Apps</h1>
      {apps.loading ? <Skeleton lines={4} /> : null}
      {apps.error ? <ErrorBanner error={apps.error} onRetry={apps.retry} /> : null}
      {apps.value && apps.value.length === 0 ? <p className="muted">No apps are shared with you yet.</p> : null}
      <div className="app-cards">
        {(apps.value ?? []).map((app) => (
          <a key={app.name} className="app-card" href={routeHref(app.name)} data-testid={`app-${app.name}`}>
            <h2>{app.title}</h2>
            <p>{app.description}</p>
          </a>
        ))}
      </div>
    </div>
  );
}
