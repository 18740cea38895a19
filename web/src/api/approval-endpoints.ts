import type { BulkApproveResult, RequestDetail, RequestListEntry, RequestStatus, RequestSummary, RequestView } from './approval-types';
import { apiRequest } from './client';
import type { Change } from './types';

const enc = encodeURIComponent;

export interface ListFilter {
  view: RequestView;
  app?: string;
  status?: RequestStatus;
}

export async function listRequests(filter: ListFilter, signal?: AbortSignal): Promise<RequestListEntry[]> {
  const query = new URLSearchParams({ view: filter.view });
  if (filter.app) query.set('app', filter.app);
  if (filter.status) query.set('status', filter.status);
  const res = await apiRequest<{ requests: RequestListEntry[] }>('GET', `/api/approvals?${query}`, undefined, { signal, asSelf: true });
  return res.requests;
}

export function fetchRequest(id: string, signal?: AbortSignal): Promise<RequestDetail> {
  return apiRequest<RequestDetail>('GET', `/api/approvals/${enc(id)}`, undefined, { signal, asSelf: true });
}

/** 202 pending with its route, or 200 `applied` when no level applies. */
export function submitForApproval(app: string, table: string, body: { changes: Change[]; reason?: string }): Promise<RequestSummary> {
  return apiRequest<RequestSummary>('POST', `/api/apps/${enc(app)}/tables/${enc(table)}/submissions`, body);
}

export function approveRequest(id: string, comment?: string): Promise<RequestSummary> {
  return apiRequest<RequestSummary>('POST', `/api/approvals/${enc(id)}/approve`, comment ? { comment } : {}, { asSelf: true });
}

export function rejectRequest(id: string, reason: string): Promise<RequestSummary> {
  return apiRequest<RequestSummary>('POST', `/api/approvals/${enc(id)}/reject`, { reason }, { asSelf: true });
}

export function withdrawRequest(id: string, comment?: string): Promise<RequestSummary> {
  return apiRequest<RequestSummary>('POST', `/api/approvals/${enc(id)}/withdraw`, comment ? { comment } : {}, { asSelf: true });
}

export async function bulkApprove(ids: string[], comment?: string): Promise<BulkApproveResult[]> {
  const res = await apiRequest<{ results: BulkApproveResult[] }>('POST', '/api/approvals/bulk-approve', comment ? { ids, comment } : { ids }, { asSelf: true });
  return res.results;
}
