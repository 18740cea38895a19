import { takeFirstViewApp, takeFirstViewSession } from '../first-view/use-first-view';
import { apiRequest } from './client';
import type * as Contract from './generated/contract';
import type {
  AppDetail,
  AppSummary,
  ChangesetRequest,
  ChangesetResult,
  CommentThread,
  HistoryEntry,
  Person,
  RowComment,
  QueryRequest,
  QueryResult,
  RowKey,
  Session,
} from './types';

const enc = encodeURIComponent;

export function login(username: string, password: string): Promise<Session> {
  return apiRequest<Session>('POST', '/api/auth/login', { username, password }, { allowUnauthorized: true });
}

export function fetchSession(): Promise<Session> {
  const ask = () => apiRequest<Session>('GET', '/api/auth/me', undefined, { allowUnauthorized: true });
  return takeFirstViewSession(ask) ?? ask();
}

export function logout(): Promise<{ ok: boolean }> {
  return apiRequest('POST', '/api/auth/logout', {}, { allowUnauthorized: true });
}

export async function listApps(signal?: AbortSignal): Promise<AppSummary[]> {
  const res = await apiRequest<{ apps: AppSummary[] }>('GET', '/api/apps', undefined, { signal });
  return res.apps;
}

export function fetchApp(app: string, signal?: AbortSignal): Promise<AppDetail> {
  const ask = () => apiRequest<AppDetail>('GET', `/api/apps/${enc(app)}`, undefined, { signal });
  return takeFirstViewApp(app, ask) ?? ask();
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

function commentsPath(app: string, table: string): string {
  return `/api/apps/${enc(app)}/tables/${enc(table)}/comments`;
}

export function fetchComments(app: string, table: string, key: RowKey, signal?: AbortSignal): Promise<CommentThread> {
  return apiRequest<CommentThread>('GET', `${commentsPath(app, table)}?key=${enc(JSON.stringify(key))}`, undefined, { signal });
}

export async function fetchCommentCounts(app: string, table: string, signal?: AbortSignal): Promise<Contract.CommentCounts['counts']> {
  const res = await apiRequest<Contract.CommentCounts>('GET', `${commentsPath(app, table)}/counts`, undefined, { signal });
  return res.counts;
}

export async function postComment(app: string, table: string, key: RowKey, text: string): Promise<RowComment> {
  const res = await apiRequest<Contract.CommentPostResult>('POST', commentsPath(app, table), { key, text });
  return res.comment;
}

export function deleteComment(app: string, table: string, id: string): Promise<Contract.CommentDeleteResult> {
  return apiRequest('DELETE', `${commentsPath(app, table)}/${enc(id)}`);
}

export async function fetchPeople(app: string, q: string, signal?: AbortSignal): Promise<Person[]> {
  const res = await apiRequest<Contract.PeopleResponse>('GET', `/api/apps/${enc(app)}/people?q=${enc(q)}`, undefined, { signal });
  return res.people;
}
