import { useState } from 'react';
import { fetchChangesetDetail, revertChangeset } from '../api/audit-endpoints';
import { fetchApp } from '../api/endpoints';
import type { ChangesetDetail } from '../api/governance-types';
import { ApiError, toApiErrorLike } from '../api/client';
import { changesetHref, routeHref } from '../apps/use-hash-route';
import { DiffTable } from '../changes/diff-table';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorBanner } from '../ui/error-banner';
import { formatDateTime } from '../ui/format';
import { Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';

/** `#/~changesets/<id>`: one changeset as a person reviews it, with a way back (revert). */
export function ChangesetScreen({ id }: { id: string | null }) {
  const detail = useLoad((signal) => (id ? fetchChangesetDetail(id, signal) : Promise.reject(noId())), [id]);
  const c = detail.value;
  const app = useLoad(c ? (signal) => fetchApp(c.app, signal) : null, [c?.app]);
  const table = c && app.value ? app.value.tables[c.table] : undefined;

  return (
    <div className="page changeset-page" data-testid="changeset-detail" data-changeset-id={id ?? ''}>
      <div className="page-heading">
        <button type="button" className="link-button" onClick={() => goBack(c?.app)} data-testid="changeset-back">
          ← Back
        </button>
        <h1 className="page-title">{c ? `Change to ${c.tableTitle.toLowerCase()}` : 'Changeset'}</h1>
        {c ? <ChangesetSummary changeset={c} /> : null}
      </div>
      {detail.error ? <ErrorBanner error={detail.error} onRetry={detail.retry} /> : null}
      {detail.loading && !c ? <Skeleton lines={4} /> : null}
      {c ? (
        <>
          <ChangesetLinks changeset={c} onReverted={detail.retry} />
          {c.hiddenRows > 0 ? (
            <p className="notice" data-testid="changeset-hidden">
              {c.hiddenRows === 1 ? '1 row' : `${c.hiddenRows.toLocaleString('en-US')} rows`} of this change {c.hiddenRows === 1 ? 'is' : 'are'} not visible to
              you.
            </p>
          ) : null}
          {c.rows.length ? <DiffTable rows={c.rows} columns={table?.columns ?? []} keyColumns={table?.key ?? []} /> : null}
        </>
      ) : null}
    </div>
  );
}

/** Back where the person came from (the activity app, a history panel), else to the changeset's app. */
function goBack(app: string | undefined): void {
  if (window.history.length > 1) window.history.back();
  else window.location.hash = app ? routeHref(app) : '#/';
}

function noId(): ApiError {
  return new ApiError(404, 'CHANGESET_NOT_FOUND', 'No changeset is named in the address.');
}

function ChangesetSummary({ changeset: c }: { changeset: ChangesetDetail }) {
  const parts = [
    c.counts.inserted ? `${c.counts.inserted} added` : null,
    c.counts.updated ? `${c.counts.updated} changed` : null,
    c.counts.deleted ? `${c.counts.deleted} deleted` : null,
  ].filter(Boolean);
  return (
    <p className="page-subtitle" data-testid="changeset-summary">
      By <strong>{c.user}</strong> on <time dateTime={c.committedAt}>{formatDateTime(c.committedAt)}</time> in <a href={routeHref(c.app)}>{c.appTitle}</a> ·{' '}
      {parts.join(', ') || 'no rows'} {parts.length ? (c.counts.inserted + c.counts.updated + c.counts.deleted === 1 ? 'row' : 'rows') : ''}
      {c.reason ? (
        <>
          {' '}
          · <q data-testid="changeset-reason">{c.reason}</q>
        </>
      ) : null}
    </p>
  );
}

/** What this changeset reverts, what reverted it, and the revert button. */
function ChangesetLinks({ changeset: c, onReverted }: { changeset: ChangesetDetail; onReverted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const revert = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await revertChangeset(c.app, c.table, c.changesetId, { reason: reason.trim() || undefined });
      setConfirming(false);
      if (result.changesetId) window.location.hash = changesetHref(result.changesetId);
      else onReverted();
    } catch (err) {
      setError(toApiErrorLike(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="changeset-links toolbar">
      {c.reverts ? (
        <a href={changesetHref(c.reverts)} data-testid="changeset-reverts">
          Undoes an earlier change
        </a>
      ) : null}
      {c.revertedBy.map((other, i) => (
        <a key={other} href={changesetHref(other)} data-testid="changeset-reverted-by">
          {i === 0 ? 'Undone by a later change' : 'and again'}
        </a>
      ))}
      {c.canRevert ? (
        <button type="button" className="btn" onClick={() => setConfirming(true)} data-testid="changeset-revert">
          {c.revertedBy.length ? 'Revert again…' : 'Revert…'}
        </button>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Revert this change?"
          confirmLabel="Revert"
          danger
          busy={busy}
          error={error}
          onConfirm={revert}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
        >
          <p>
            Every value goes back to what it was before {c.user}'s change, as a new audited change. Values someone changed since stop the revert with a
            conflict.
          </p>
          <label className="field">
            <span>Reason (optional)</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} data-testid="revert-reason" />
          </label>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
