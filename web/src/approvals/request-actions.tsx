import { useState } from 'react';
import { approveRequest, rejectRequest, withdrawRequest } from '../api/approval-endpoints';
import type { RequestDetail, RequestSummary } from '../api/approval-types';
import { toApiErrorLike, type ApiError } from '../api/client';
import { Spinner } from '../ui/spinner';
import { levelLabel } from './level-names';
import { announceApprovalsChanged } from './use-inbox-count';

type Outcome = { ok: true; text: string } | { ok: false; text: string; code: string };

/** Approve (optional comment), reject (a reason is required), withdraw (the submitter): as the API allows. */
export function RequestActions({ request, onDone }: { request: RequestDetail; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { approve, reject, withdraw } = request.actions;

  const act = async (run: () => Promise<RequestSummary>, describe: (r: RequestSummary) => string) => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await run();
      setOutcome({ ok: true, text: describe(result) });
      setComment('');
      setRejecting(false);
    } catch (err) {
      const error = toApiErrorLike(err);
      setOutcome({ ok: false, text: refusalText(error), code: error.code });
    } finally {
      setBusy(false);
      announceApprovalsChanged();
      onDone();
    }
  };

  const outcomeView = outcome ? (
    <div
      className={outcome.ok ? 'form-outcome form-outcome-ok' : 'form-outcome form-outcome-refused'}
      role={outcome.ok ? 'status' : 'alert'}
      data-testid="action-outcome"
      data-outcome={outcome.ok ? 'ok' : outcome.code}
    >
      {outcome.text}
    </div>
  ) : null;

  if (!approve && !reject && !withdraw) return outcomeView;
  return (
    <div className="request-actions" data-testid="request-actions">
      <label className="field">
        <span className="field-label">{rejecting ? 'Reason for rejecting (required)' : 'Comment (optional)'}</span>
        <textarea value={comment} rows={2} maxLength={2000} onChange={(e) => setComment(e.target.value)} data-testid="action-comment" />
      </label>
      <div className="form-actions">
        {approve && !rejecting ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            data-testid="action-approve"
            onClick={() => act(() => approveRequest(request.requestId, comment.trim() || undefined), approvedText)}
          >
            {busy ? <Spinner small /> : null}Approve
          </button>
        ) : null}
        {reject ? (
          rejecting ? (
            <>
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy || comment.trim() === ''}
                data-testid="action-reject-confirm"
                onClick={() =>
                  act(
                    () => rejectRequest(request.requestId, comment.trim()),
                    () => 'Rejected: nothing was applied; the submitter sees your reason.',
                  )
                }
              >
                Reject
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => setRejecting(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" className="btn" disabled={busy} data-testid="action-reject" onClick={() => setRejecting(true)}>
              Reject…
            </button>
          )
        ) : null}
        {withdraw && !rejecting ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            data-testid="action-withdraw"
            onClick={() =>
              act(
                () => withdrawRequest(request.requestId, comment.trim() || undefined),
                () => 'Withdrawn: nothing was applied.',
              )
            }
          >
            Withdraw
          </button>
        ) : null}
      </div>
      {outcomeView}
    </div>
  );
}

function approvedText(result: RequestSummary): string {
  if (result.status === 'applied') return 'Approved and applied: the changes are written.';
  if (result.status === 'pending' && result.currentLevel) return `Approved; now waiting for ${levelLabel(result.currentLevel)}.`;
  return `Approved; the request is ${result.status}.`;
}

/** A refusal in words; a conflict names who changed the values meanwhile. */
function refusalText(error: ApiError): string {
  if (error.status === 409 && error.code === 'WB_CONFLICT') {
    const conflicts = (error.details as { conflicts?: { column?: string; changedBy?: string }[] } | null)?.conflicts ?? [];
    const who = [...new Set(conflicts.map((c) => c.changedBy).filter((u): u is string => Boolean(u)))];
    return `Changed since by ${who.length ? who.join(', ') : 'someone else'} — nothing applied. The submitter may resubmit with the current values.`;
  }
  return error.message;
}
