import { useEffect, useState } from 'react';
import { bulkApprove, listRequests } from '../api/approval-endpoints';
import type { BulkApproveResult, RequestStatus, RequestView } from '../api/approval-types';
import { toApiErrorLike, type ApiError } from '../api/client';
import { screenHref } from '../apps/use-hash-route';
import { ErrorBanner } from '../ui/error-banner';
import { RelativeTime } from '../comments/relative-time';
import { RefreshDot, Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { formatAmount } from './level-names';
import { RequestPreview, WaitingOn } from './request-preview';
import { StatusBadge } from './status-badge';
import { subscribeApprovals } from './approval-events';
import { announceApprovalsChanged, FALLBACK_REFRESH_MS } from './use-inbox-count';

const STATUSES: RequestStatus[] = ['pending', 'approved', 'applied', 'rejected', 'withdrawn', 'conflict', 'expired'];
const TITLES: Record<RequestView, { title: string; subtitle: string }> = {
  inbox: { title: 'Approvals', subtitle: 'Requests waiting for your approval, oldest level first in each route.' },
  mine: { title: 'My submissions', subtitle: 'Changes you submitted for approval and where each one stands.' },
  all: { title: 'All requests', subtitle: 'Every approval request of every app.' },
};

/** A list of requests: the inbox (select several and approve them at once), your submissions, or all. */
export function RequestList({ view, isAdmin }: { view: RequestView; isAdmin: boolean }) {
  const [app, setApp] = useState('');
  const [status, setStatus] = useState<RequestStatus | ''>('');
  const requests = useLoad((signal) => listRequests({ view, app: app || undefined, status: status || undefined }, signal), [view, app, status]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [bulk, setBulk] = useState<{ results: BulkApproveResult[] } | { error: ApiError } | null>(null);
  const rows = requests.value ?? [];
  const apps = [...new Map(rows.map((r) => [r.app, r.appTitle])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const { retry } = requests;
  // Requests arrive, move on and close as people act: the list follows the live stream, with a slow refresh behind it.
  useEffect(() => {
    const unsubscribe = subscribeApprovals(retry);
    const timer = window.setInterval(retry, FALLBACK_REFRESH_MS);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [retry]);
  const selectable = view === 'inbox';

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const approveSelected = async () => {
    setBusy(true);
    setBulk(null);
    try {
      const results = await bulkApprove([...selected], comment.trim() || undefined);
      setBulk({ results });
      setSelected(new Set());
      setComment('');
      requests.retry();
      announceApprovalsChanged();
    } catch (err) {
      setBulk({ error: toApiErrorLike(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page" data-testid={`approvals-${view}`}>
      <div className="page-heading page-heading-row">
        <div>
          <h1 className="page-title">{TITLES[view].title}</h1>
          <p className="page-subtitle">{TITLES[view].subtitle}</p>
        </div>
        <div className="toolbar">
          <RefreshDot active={requests.loading && requests.value !== null} />
          {isAdmin && view !== 'all' ? (
            <a className="btn btn-small" href={screenHref('approvals', 'all')}>
              All requests
            </a>
          ) : null}
          <label className="filter">
            <span className="filter-label">App</span>
            <select value={app} onChange={(e) => setApp(e.target.value)} data-testid="approvals-filter-app">
              <option value="">All</option>
              {(app && !apps.some(([name]) => name === app) ? [...apps, [app, app] as [string, string]] : apps).map(([name, title]) => (
                <option key={name} value={name}>
                  {title}
                </option>
              ))}
            </select>
          </label>
          {view !== 'inbox' ? (
            <label className="filter">
              <span className="filter-label">Status</span>
              <select value={status} onChange={(e) => setStatus(e.target.value as RequestStatus | '')} data-testid="approvals-filter-status">
                <option value="">All</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" className="btn btn-small" onClick={requests.retry}>
            ↻ Refresh
          </button>
        </div>
      </div>
      {requests.error ? <ErrorBanner error={requests.error} onRetry={requests.retry} /> : null}
      {requests.loading && !requests.value ? <Skeleton lines={5} /> : null}
      {requests.value && rows.length === 0 ? (
        <p className="muted" data-testid="approvals-empty">
          {view === 'inbox' ? 'Nothing is waiting for your approval.' : 'No requests.'}
        </p>
      ) : null}
      {selectable && rows.length > 0 ? (
        <div className="bulk-bar">
          <input
            type="text"
            placeholder="Comment (optional)"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            aria-label="Comment for the approvals"
          />
          <button
            type="button"
            className="btn btn-primary btn-small"
            disabled={busy || selected.size === 0}
            onClick={approveSelected}
            data-testid="approve-selected"
          >
            Approve selected{selected.size ? ` (${selected.size})` : ''}
          </button>
        </div>
      ) : null}
      {bulk ? <BulkOutcome outcome={bulk} /> : null}
      {rows.length > 0 ? (
        <table className="data-table approvals-table" data-testid="approvals-table">
          <thead>
            <tr>
              {selectable ? (
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select all"
                    checked={selected.size === rows.length}
                    onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.requestId)) : new Set())}
                  />
                </th>
              ) : null}
              <th>Request</th>
              <th>App</th>
              <th>Submitted</th>
              <th className="num">Amount</th>
              <th>Waiting on</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.requestId} data-testid="approval-row" data-request-id={r.requestId}>
                {selectable ? (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select request of ${r.submitterName}`}
                      checked={selected.has(r.requestId)}
                      onChange={() => toggle(r.requestId)}
                    />
                  </td>
                ) : null}
                <td className="approval-request" data-label="Request">
                  <a href={screenHref('approvals', r.requestId)} data-testid="approval-open" className="approval-open">
                    <RequestPreview preview={r.preview} />
                  </a>
                </td>
                <td data-label="App">
                  {r.appTitle} · {r.tableTitle}
                </td>
                <td data-label="Submitted">
                  <span data-testid="approval-submitter">{r.submitterName}</span>{' '}
                  <span className="muted" data-testid="approval-age">
                    <RelativeTime iso={r.submittedAt} />
                  </span>
                </td>
                <td className="num" data-label="Amount">
                  {formatAmount(r.amount)}
                </td>
                <td data-label="Waiting on">
                  <WaitingOn waiting={r.waiting} />
                </td>
                <td data-label="Status">
                  <StatusBadge status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function BulkOutcome({ outcome }: { outcome: { results: BulkApproveResult[] } | { error: ApiError } }) {
  if ('error' in outcome) return <ErrorBanner error={outcome.error} />;
  const done = outcome.results.filter((r) => r.ok).length;
  const refused = outcome.results.filter((r): r is Extract<BulkApproveResult, { ok: false }> => !r.ok);
  return (
    <div className="form-outcome form-outcome-ok" role="status" data-testid="bulk-outcome">
      <p>
        Approved {done} of {outcome.results.length}.
      </p>
      {refused.length ? (
        <ul>
          {refused.map((r) => (
            <li key={r.requestId}>
              {r.requestId.slice(-8)}: {r.error.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
