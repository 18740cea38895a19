import type * as Contract from './generated/contract';

export type Row = Record<string, unknown>;
export type RowKey = Record<string, unknown>;

// The shapes below come from the server's schemas (web/src/api/generated, `npm run generate:web-types`).
export type Session = Contract.Session;
export type User = Session['user'];
export type AppSummary = Contract.AppList['apps'][number];
export type AppDetail = Contract.AppDetail;
export type DatasetInfo = AppDetail['datasets'][string];
export type ParamType = DatasetInfo['params'][string]['type'];
export type TableInfo = AppDetail['tables'][string];
export type ColumnInfo = TableInfo['columns'][number];
export type ActionInfo = AppDetail['actions'][string];
/** An Excel or PowerPoint export of the app the user may run. */
export type ExportInfo = AppDetail['exports'][string];
export type PageSpec = Contract.PageSpec;
export type BlockSpec = Contract.BlockSpec;
export type KpiBlockSpec = Extract<BlockSpec, { type: 'kpi' }>;
export type KpiFormat = NonNullable<KpiBlockSpec['format']>;
export type ChartBlockSpec = Extract<BlockSpec, { type: 'chart' }>;
export type TableBlockSpec = Extract<BlockSpec, { type: 'table' }>;
export type GridBlockSpec = Extract<BlockSpec, { type: 'grid' }>;
export type FilterBlockSpec = Extract<BlockSpec, { type: 'filter' }>;
export type TextBlockSpec = Extract<BlockSpec, { type: 'text' }>;
export type FormBlockSpec = Extract<BlockSpec, { type: 'form' }>;
export type FormFieldSpec = FormBlockSpec['fields'][number];
export type ButtonBlockSpec = Extract<BlockSpec, { type: 'button' }>;
export type MatrixBlockSpec = Extract<BlockSpec, { type: 'matrix' }>;
export type InputsBlockSpec = Extract<BlockSpec, { type: 'inputs' }>;
export type MatrixAxisSpec = MatrixBlockSpec['columns'];

export type ActionRunResult = Contract.ActionRunResult;

export type QueryRequest = Contract.QueryRequest;
export type QueryFilter = NonNullable<QueryRequest['filters']>[number];
export type FilterOp = QueryFilter['op'];
export type SortSpec = NonNullable<QueryRequest['sort']>[number];
export type QueryAggregate = NonNullable<QueryRequest['aggregates']>[number];
export type AggregateFn = QueryAggregate['fn'];
export type QuerySearch = NonNullable<QueryRequest['search']>;
export type QueryResult = Contract.QueryResult;
export type ChangesetRequest = Contract.ChangesetRequest;
export type Change = ChangesetRequest['changes'][number];
/** Column values as a changeset carries them (JSON scalars). */
export type CellRow = Extract<Change, { op: 'insert' }>['values'];
export type CellValue = CellRow[string];
export type ChangesetResult = Contract.ChangesetResult;
export type WriteConflict = Contract.WriteConflict;
export type ValidationIssue = Contract.ValidationIssue;
export type HistoryEntry = Contract.HistoryResponse['changes'][number];

/** Live stream payloads and comment threads (GET /api/events, the comment routes). */
export type ChangeEvent = Contract.ChangeEvent;
export type CommentEvent = Contract.CommentEvent;
export type NoticeEvent = Contract.NoticeEvent;
export type PresenceList = Contract.PresenceList;
export type PresencePerson = PresenceList['others'][number];
export type CommentThread = Contract.CommentThread;
export type RowComment = CommentThread['comments'][number];
export type Person = Contract.PeopleResponse['people'][number];
