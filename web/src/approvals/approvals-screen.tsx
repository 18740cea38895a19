import type { RequestView } from '../api/approval-types';
import { RequestDetailView } from './request-detail';
import { RequestList } from './request-list';

const VIEWS: readonly string[] = ['inbox', 'mine', 'all'];

/** `#/~approvals` (inbox), `#/~approvals/mine`, `#/~approvals/all` (admins) and `#/~approvals/<request id>`. */
export function ApprovalsScreen({ item, isAdmin }: { item: string | null; isAdmin: boolean }) {
  if (item && !VIEWS.includes(item)) return <RequestDetailView id={item} />;
  const view = (item ?? 'inbox') as RequestView;
  return <RequestList key={view} view={view === 'all' && !isAdmin ? 'inbox' : view} isAdmin={isAdmin} />;
}
