import type * as Contract from './generated/contract';

/** A request as lists and actions return it; from the server's schemas (web/src/api/generated). */
export type RequestSummary = Extract<Contract.BulkApproveResponse['results'][number], { ok: true }>['request'];
/** A list entry: the summary plus titles, submitter name, waiting level and the first change's row as the viewer may read it. */
export type RequestListEntry = Contract.RequestList['requests'][number];
export type ApprovalEvent = Contract.ApprovalEvent;
export type RequestStatus = RequestSummary['status'];

export type RequestDetail = Contract.RequestDetail;
export type RequestLevel = RequestDetail['levels'][number];
export type LevelState = RequestLevel['state'];
export type RequestStep = RequestDetail['steps'][number];
export type RequestChangeDiff = RequestDetail['changes'][number];
export type RequestCellDiff = RequestChangeDiff['cells'][number];

/** Which requests a list shows (UI state, not a server shape). */
export type RequestView = 'inbox' | 'mine' | 'all';

export type BulkApproveResult = Contract.BulkApproveResponse['results'][number];
