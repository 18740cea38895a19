import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { BlockSpec } from '../api/types';
import { ErrorBanner } from '../ui/error-banner';
import { RefreshDot, Skeleton } from '../ui/spinner';

interface BlockFrameProps {
  spec: BlockSpec;
  className?: string;
  refreshing?: boolean;
  actions?: ReactNode;
  children: ReactNode;
}

export function BlockFrame({ spec, className, refreshing = false, actions, children }: BlockFrameProps) {
  return (
    <section
      className={`block block-${spec.type}${className ? ` ${className}` : ''}`}
      data-block-id={spec.id}
      aria-label={spec.title ?? spec.id}
    >
      {spec.title || actions ? (
        <header className="block-header">
          <h2 className="block-title">{spec.title}</h2>
          <div className="block-actions">
            <RefreshDot active={refreshing} />
            {actions}
          </div>
        </header>
      ) : (
        <RefreshDot active={refreshing} />
      )}
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
