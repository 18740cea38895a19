import { useEffect } from 'react';
import { fetchRequest } from '../api/approval-endpoints';
import { screenHref } from '../apps/use-hash-route';
import { ErrorBanner } from '../ui/error-banner';
import { formatDateTime } from '../ui/format';
import { RefreshDot, Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { formatAmount } from './level-names';
import { subscribeApprovals } from './approval-events';
import { RequestActions } from './request-actions';
import { RequestDiff } from './request-diff';
import { RequestRoute, StepTimeline } from './request-route';
import { StatusBadge } from './status-badge';
import { FALLBACK_REFRESH_MS } from './use-inbox-count';

/** One request: what it changes, its route and steps, and what the viewer may do with it. */
export function RequestDetailView({ id }: { id: string }) {
  const request = useLoad((signal) => fetchRequest(id, signal), [id]);
  const r = request.value;
  const { retry } = request;
  // Someone else approving, rejecting or withdrawing it shows here at once; a slow refresh covers a lost stream.
  useEffect(() => {
    const unsubscribe = subscribeApprovals((event) => {
      if (!event || event.requestId === id) retry();
    });
    const timer = window.setInterval(retry, FALLBACK_REFRESH_MS);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [id, retry]);
  return (
    <div className="page" data-testid="request-detail" data-request-id={id} data-status={r?.status}>
      <div className="page-heading page-heading-row">
        <div>
          <a className="link-button" href={screenHref('approvals')}>
            ← Approvals
          </a>
          <h1 className="page-title">{r ? `${r.appTitle} · ${r.tableTitle}` : 'Approval request'}</h1>
          {r ? (
            <p className="page-subtitle">
              Submitted by <strong>{r.submitterName}</strong> {formatDateTime(r.submittedAt)} · amount{' '}
              <strong data-testid="request-amount">{formatAmount(r.amount)}</strong>
              {r.reason ? <> · “{r.reason}”</> : null}
            </p>
          ) : null}
        </div>
        <div className="toolbar">
          <RefreshDot active={request.loading && r !== null} />
          {r ? <StatusBadge status={r.status} /> : null}
        </div>
      </div>
      {request.error && r && request.error.code === 'WF_REQUEST_NOT_FOUND' ? (
        // Seen a moment ago: the viewer's part is done (their level approved), and the request is no longer theirs to see.
        <p className="notice notice-warning" data-testid="request-gone">
          This request is no longer shown to you: your part in it is done.
        </p>
      ) : request.error ? (
        <ErrorBanner error={request.error} onRetry={request.retry} />
      ) : null}
      {request.loading && !r ? <Skeleton lines={6} /> : null}
      {r ? (
        <>
          <section className="card">
            <h2 className="card-title">Route</h2>
            <RequestRoute request={r} />
          </section>
          <section className="card">
            <h2 className="card-title">Changes</h2>
            <RequestDiff request={r} />
          </section>
          <section className="card">
            <RequestActions request={r} onDone={request.retry} />
            <h2 className="card-title">Steps</h2>
            <StepTimeline steps={r.steps} />
          </section>
        </>
      ) : null}
    </div>
  );
}
