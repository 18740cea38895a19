import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';

interface ErrorBannerProps {
  error: Pick<ApiError, 'code' | 'message'>;
  onRetry?: () => void;
  onDismiss?: () => void;
  children?: ReactNode;
}

export function ErrorBanner({ error, onRetry, onDismiss, children }: ErrorBannerProps) {
  return (
    <div className="error-banner" role="alert">
      <div className="error-banner-text">
        <code className="error-code">{error.code}</code>
        <span>{error.message}</span>
        {children}
      </div>
      <div className="error-banner-actions">
        {onRetry ? (
          <button type="button" className="btn btn-small" onClick={onRetry}>
            Retry
          </button>
        ) : null}
        {onDismiss ? (
          <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        ) : null}
      </div>
    </div>
  );
}
