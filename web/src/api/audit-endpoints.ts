import { apiRequest } from './client';
import type { ChangesetDetail, RevertRequest, RevertResult, TableDiff } from './governance-types';

const enc = encodeURIComponent;

export function revertChangeset(app: string, table: string, changesetId: string, body: RevertRequest): Promise<RevertResult> {
  return apiRequest<RevertResult>('POST', `/api/apps/${enc(app)}/tables/${enc(table)}/changesets/${enc(changesetId)}/revert`, body);
}

/** Net change of a table between two ISO times, rebuilt from the audit. */
export function fetchTableDiff(app: string, table: string, from: string, to: string, signal?: AbortSignal): Promise<TableDiff> {
  const query = `from=${enc(from)}&to=${enc(to)}`;
  return apiRequest<TableDiff>('GET', `/api/apps/${enc(app)}/tables/${enc(table)}/diff?${query}`, undefined, { signal });
}

/** One changeset: who, when, why and old → new of the rows the user may read. */
export function fetchChangesetDetail(changesetId: string, signal?: AbortSignal): Promise<ChangesetDetail> {
  return apiRequest<ChangesetDetail>('GET', `/api/changesets/${enc(changesetId)}`, undefined, { signal });
}
