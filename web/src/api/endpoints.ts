import { apiRequest } from './client';
import type { AppDetail, AppSummary, ChangesetRequest, ChangesetResult, HistoryEntry, QueryRequest, QueryResult, RowKey, Session } from './types';

const enc = encodeURIComponent;

export function login(username: string, password: string): Promise<Session> {
  return apiRequest<Session>('POST', '/api/auth/login', { username, password }, { allowUnauthorized: true });
}

export function fetchSession(): Promise<Session> {
  return apiRequest<Session>('GET', '/api/auth/me', undefined, { allowUnauthorized: true });
}

export function logout(): Promise<{ ok: boolean }> {
  return apiRequest('POST', '/api/auth/logout', {}, { allowUnauthorized: true });
}

export async function listApps(signal?: AbortSignal): Promise<AppSummary[]> {
  const res = await apiRequest<{ apps: AppSummary[] }>('GET', '/api/apps', undefined, { signal });
  return res.apps;
}

export function fetchApp(app: string, signal?: AbortSignal): Promise<AppDetail> {
  return apiRequest<AppDetail>('GET', `/api/apps/${enc(app)}`, undefined, { signal });
}

export function queryDataset(app: string, dataset: string, request: QueryRequest, signal?: AbortSignal): Promise<QueryResult> {
  return apiRequest<QueryResult>('POST', `/api/apps/${enc(app)}/datasets/${enc(dataset)}/query`, request, { signal });
}

export function submitChangeset(app: string, table: string, changeset: ChangesetRequest): Promise<ChangesetResult> {
  return apiRequest<ChangesetResult>('POST', `/api/apps/${enc(app)}/tables/${enc(table)}/changesets`, changeset);
}

export async function fetchHistory(app: string, table: string, key: RowKey, signal?: AbortSignal): Promise<HistoryEntry[]> {
  const res = await apiRequest<{ changes: HistoryEntry[] }>(
    'GET',
    `/api/apps/${enc(app)}/tables/${enc(table)}/history?key=${enc(JSON.stringify(key))}`,
    undefined,
    { signal },
  );
  return res.changes;
}
