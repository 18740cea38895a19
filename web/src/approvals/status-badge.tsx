import type { RequestStatus } from '../api/approval-types';

const LABELS: Record<RequestStatus, string> = {
  pending: 'Waiting',
  approved: 'Approved, applying',
  applied: 'Applied',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  conflict: 'Not applied (conflict)',
  expired: 'Expired',
};

export function StatusBadge({ status }: { status: RequestStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-testid="request-status" data-status={status}>
      {LABELS[status]}
    </span>
  );
}
