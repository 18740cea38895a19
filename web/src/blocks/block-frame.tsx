import { useState, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { BlockSpec } from '../api/types';
import { usePage } from '../apps/page-context';
import { LiveDataNote } from '../time-travel/as-of-banner';
import { ErrorBanner } from '../ui/error-banner';
import { RefreshDot, Skeleton } from '../ui/spinner';
import { DatasetSql } from './dataset-sql';

interface BlockFrameProps {
  spec: BlockSpec;
  /** The dataset the block reads: offers its SQL to admins and marks it live while the page looks at the past. */
  dataset?: string;
  className?: string;
  refreshing?: boolean;
  actions?: ReactNode;
  children: ReactNode;
}

export function BlockFrame({ spec, dataset, className, refreshing = false, actions, children }: BlockFrameProps) {
  const { app, asOf } = usePage();
  const [showSql, setShowSql] = useState(false);
  const sql = dataset ? app.datasets[dataset]?.sql : undefined;
  const liveWhileAsOf = Boolean(asOf && dataset && !app.tables[dataset]);
  const extras =
    liveWhileAsOf || sql ? (
      <>
        {liveWhileAsOf ? <LiveDataNote /> : null}
        {sql ? (
          <button
            type="button"
            className="btn btn-small btn-sql"
            aria-pressed={showSql}
            aria-label={showSql ? 'Hide SQL' : 'Show SQL'}
            data-testid={`sql-toggle-${spec.id}`}
            onClick={() => setShowSql((v) => !v)}
          >
            SQL
          </button>
        ) : null}
      </>
    ) : null;

  return (
    <section className={`block block-${spec.type}${className ? ` ${className}` : ''}`} data-block-id={spec.id} aria-label={spec.title ?? spec.id}>
      {spec.title || actions || extras ? (
        <header className="block-header">
          <h2 className="block-title">{spec.title}</h2>
          <div className="block-actions">
            <RefreshDot active={refreshing} />
            {extras}
            {actions}
          </div>
        </header>
      ) : (
        <RefreshDot active={refreshing} />
      )}
      {showSql && sql && dataset ? <DatasetSql dataset={dataset} sql={sql} /> : null}
      {children}
    </section>
  );
}

interface BlockBodyProps {
  loading: boolean;
  error: ApiError | null;
  onRetry?: () => void;
  skeletonHeight?: number;
  skeletonLines?: number;
  children: () => ReactNode;
}

/** Shared loading / error handling so every block behaves the same way. */
export function BlockBody({ loading, error, onRetry, skeletonHeight, skeletonLines, children }: BlockBodyProps) {
  if (loading) return <Skeleton height={skeletonHeight} lines={skeletonLines} />;
  if (error) return <ErrorBanner error={error} onRetry={onRetry} />;
  return <>{children()}</>;
}
