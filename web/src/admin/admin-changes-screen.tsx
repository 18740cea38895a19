import { useState } from 'react';
import { fetchAdminChanges } from '../api/admin-endpoints';
import { ErrorBanner } from '../ui/error-banner';
import { formatDateTime } from '../ui/format';
import { RefreshDot, Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { ChangeDiff } from './change-diff';

const LIMITS = [100, 500, 1000];

/** The admin-change log: users, tokens, app definitions and project sections, newest first. */
export function AdminChangesScreen() {
  const [limit, setLimit] = useState(100);
  const changes = useLoad((signal) => fetchAdminChanges(limit, signal), [limit]);

  return (
    <div className="page">
      <div className="page-heading page-heading-row">
        <div>
          <h1 className="page-title">Admin changes</h1>
          <p className="page-subtitle">
            Every change to users, API tokens, app definitions and governed project settings. Passwords and secrets are never logged.
          </p>
        </div>
        <div className="toolbar">
          <RefreshDot active={changes.loading && changes.value !== null} />
          <label className="filter">
            <span className="filter-label">Show</span>
            <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
              {LIMITS.map((n) => (
                <option key={n} value={n}>
                  latest {n}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-small" onClick={changes.retry}>
            ↻ Refresh
          </button>
        </div>
      </div>
      {changes.loading && !changes.value ? <Skeleton lines={6} /> : null}
      {changes.error ? <ErrorBanner error={changes.error} onRetry={changes.retry} /> : null}
      {changes.value && changes.value.length === 0 ? <p className="muted">No admin changes yet.</p> : null}
      {changes.value && changes.value.length > 0 ? (
        <div className="table-scroll card">
          <table className="data-table admin-table" data-testid="admin-changes-table">
            <thead>
              <tr>
                <th className="th-plain">When</th>
                <th className="th-plain">Who</th>
                <th className="th-plain">Kind</th>
                <th className="th-plain">Target</th>
                <th className="th-plain">Change</th>
              </tr>
            </thead>
            <tbody>
              {changes.value.map((change) => (
                <tr key={change.changeId} data-testid="admin-change">
                  <td className="nowrap">
                    <time dateTime={change.changedAt}>{formatDateTime(change.changedAt)}</time>
                  </td>
                  <td>{change.username}</td>
                  <td>
                    <span className={`kind kind-${change.kind}`}>{change.kind}</span>
                  </td>
                  <td>
                    <code>{change.target}</code>
                  </td>
                  <td className="wrap">
                    <ChangeDiff kind={change.kind} oldValue={change.oldValue} newValue={change.newValue} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
