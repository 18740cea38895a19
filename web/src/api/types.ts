export type Row = Record<string, unknown>;
export type RowKey = Record<string, unknown>;

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  attributes: Record<string, unknown>;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface AppSummary {
  name: string;
  title: string;
  description: string;
}

export type ParamType = 'string' | 'number' | 'date' | 'boolean';

export interface DatasetInfo {
  params: Record<string, { type: ParamType; default?: unknown; required?: boolean }>;
  dependsOn: string[];
  /** The dataset's SQL; sent to admins only, and absent for writable tables. */
  sql?: string;
}

export interface ColumnInfo {
  name: string;
  type: string;
  editable: boolean;
  nullable: boolean;
  insertable?: boolean;
  /** The warehouse fills it when an insert leaves it out (a generated key). */
  generated?: boolean;
}

export interface TableInfo {
  title?: string;
  /** False when the user may see the app but not this table's rows. */
  readable?: boolean;
  /** True when no read policy limits the rows the user sees: what the table's changes (diff) need. */
  readsAllRows: boolean;
  key: string[];
  columns: ColumnInfo[];
  canInsert: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** Submissions to the table go through an approval chain. */
  approvals?: boolean;
  /** The user may submit inserts for approval (approval-only write policies included). */
  canSubmitInsert?: boolean;
  /** Writable tables of the app whose rows lock rows of this one (closed periods). */
  lockedBy?: string[];
  /** Rows carry comment threads (whoever reads a row reads its thread). */
  comments?: boolean;
  /** The user may comment on some rows (the thread says for each row). */
  canComment?: boolean;
}

interface BlockBase {
  id: string;
  title?: string;
}

export type KpiFormat = 'number' | 'currency' | 'percent';

export interface KpiBlockSpec extends BlockBase {
  type: 'kpi';
  dataset: string;
  value: string;
  format?: KpiFormat;
  compare?: string;
  compareLabel?: string;
  /** 'delta' (default): value minus compare. 'share': value as a percentage of compare. */
  compareMode?: 'delta' | 'share';
}

export interface ChartBlockSpec extends BlockBase {
  type: 'chart';
  dataset: string;
  chart: 'line' | 'bar';
  x: string;
  series: { column: string; label?: string }[];
}

export interface TableBlockSpec extends BlockBase {
  type: 'table';
  dataset: string;
  columns?: string[];
}

export interface GridBlockSpec extends BlockBase {
  type: 'grid';
  table: string;
  columns?: string[];
  pageSize?: number;
}

export interface FilterBlockSpec extends BlockBase {
  type: 'filter';
  param: string;
  label?: string;
  dataset?: string;
  valueColumn?: string;
  labelColumn?: string;
  /** Value the page opens with. */
  default?: string | number | boolean;
  /** Always holds a value: no "All" choice. */
  required?: boolean;
}

export interface MatrixAxisSpec {
  column: string;
  dataset?: string;
  key?: string;
  label?: string;
}

export interface MatrixBlockSpec extends BlockBase {
  type: 'matrix';
  table: string;
  value: string;
  rows: MatrixAxisSpec & { group?: string };
  columns: MatrixAxisSpec;
}

export interface TextBlockSpec extends BlockBase {
  type: 'text';
  markdown: string;
}

export interface FormFieldSpec {
  column: string;
  label?: string;
  input?: 'text' | 'number' | 'date' | 'month' | 'select';
  dataset?: string;
  valueColumn?: string;
  labelColumn?: string;
}

export interface FormBlockSpec extends BlockBase {
  type: 'form';
  table: string;
  mode?: 'insert';
  fields: FormFieldSpec[];
  /** Default: approve when the table has approvals, else write. */
  submit?: 'approve' | 'write';
  submitLabel?: string;
}

export interface ButtonBlockSpec extends BlockBase {
  type: 'button';
  label: string;
  action: string;
  /** Action parameter → page variable name (its current value) or literal. */
  params?: Record<string, string | number | boolean | null>;
  /** Question asked before the action runs. */
  confirm?: string;
}

export type BlockSpec =
  | ButtonBlockSpec
  | FormBlockSpec
  | KpiBlockSpec
  | ChartBlockSpec
  | TableBlockSpec
  | GridBlockSpec
  | FilterBlockSpec
  | TextBlockSpec
  | MatrixBlockSpec;

export interface PageSpec {
  id: string;
  title: string;
  blocks: BlockSpec[];
}

export interface ActionInfo {
  label: string | null;
  /** The user has one of the action's roles. */
  allowed: boolean;
  params: Record<string, { type: 'string' | 'number' | 'date' | 'boolean'; required: boolean; default?: string | number | boolean | null }>;
}

/** An Excel or PowerPoint export of the app the user may run. */
export interface ExportInfo {
  title: string;
  description: string | null;
  params: Record<string, { type: 'string' | 'number' | 'date' | 'boolean'; default?: string | number | boolean | null }>;
  /** It can also build one file per value (e.g. per entity) as a zip. */
  pack: boolean;
  format: 'xlsx' | 'pptx';
}

export interface AppDetail extends AppSummary {
  pages: PageSpec[];
  datasets: Record<string, DatasetInfo>;
  tables: Record<string, TableInfo>;
  actions: Record<string, ActionInfo>;
  exports?: Record<string, ExportInfo>;
}

export interface ActionRunResult {
  ok: true;
  steps: { index: number; path: string; step: string; status: string }[];
  changesetId: string | null;
  set: Record<string, string | number | boolean | null>;
  refresh: string[];
  navigate: string | null;
}

export type FilterOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'contains' | 'isNull' | 'notNull';

export interface QueryFilter {
  column: string;
  op: FilterOp;
  value?: unknown;
}

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
}

export type AggregateFn = 'sum' | 'avg' | 'min' | 'max' | 'count';

export interface QueryAggregate {
  column: string;
  fn: AggregateFn;
}

export interface QuerySearch {
  text: string;
  /** Columns searched; default every column. */
  columns?: string[];
}

export interface QueryRequest {
  params?: Record<string, unknown>;
  filters?: QueryFilter[];
  /** Rows where any of the columns contains the text (case-insensitive), ANDed with the filters. */
  search?: QuerySearch;
  /** Computed by the warehouse over every selected row, not the page. */
  aggregates?: QueryAggregate[];
  sort?: SortSpec[];
  limit?: number;
  offset?: number;
  withTotal?: boolean;
  /** Writable tables only: read the table as it was at this ISO time, rebuilt from the audit. */
  asOf?: string;
  /** Writable tables only: also return, per row, the columns the user may update in it. */
  withEditable?: boolean;
}

export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: Row[];
  total?: number;
  /** One per requested aggregate, in order. */
  aggregates?: (QueryAggregate & { value: unknown })[];
  /** With `withEditable`: per row, the columns the user may update in it. */
  editable?: string[][];
  /** With `withEditable`, when a lock holds any row: per row, the lock's message or null. */
  locked?: (string | null)[];
}

export type Change = { op: 'update'; key: RowKey; set: Row; expect: Row } | { op: 'insert'; values: Row } | { op: 'delete'; key: RowKey; expect: Row };

export interface ChangesetRequest {
  changes: Change[];
  reason?: string;
  idempotencyKey?: string;
}

export interface ChangesetResult {
  changesetId: string;
  applied: number;
}

export interface WriteConflict {
  changeIndex: number;
  key: RowKey;
  column: string;
  expected: unknown;
  actual: unknown;
  changedBy?: string;
  changedAt?: string;
}

export interface ValidationIssue {
  changeIndex: number;
  key?: RowKey;
  column?: string;
  rule: string;
  message: string;
}

export interface HistoryEntry {
  changesetId: string;
  at: string;
  user: string;
  op: string;
  column: string | null;
  old: unknown;
  new: unknown;
  reason: string | null;
  /** The changeset this entry's changeset reverts; null when it is not a revert. */
  reverts: string | null;
  /** Rows the whole changeset inserted, updated or deleted, this one included. */
  changesetRows: number;
}

/** Another user on an app (a `presence` event, or the answer to an announcement). */
export interface PresencePerson {
  userId: string;
  displayName: string;
  page: string;
  /** The row whose editor they have open: only when you may read that row. */
  editing?: { block: string; table: string; key: RowKey };
}

export interface PresenceList {
  app: string;
  others: PresencePerson[];
}

export interface ChangeEvent {
  app: string;
  table: string;
  keys: RowKey[];
  changesetId: string;
  user: string;
}

/** A comment was added to or deleted from a row the user may read. */
export interface CommentEvent {
  app: string;
  table: string;
  key: RowKey;
  commentId: string;
  action: 'added' | 'deleted';
  user: string;
}

export interface RowComment {
  id: string;
  key: RowKey;
  /** The author's user id. */
  user: string;
  displayName: string;
  createdAt: string;
  text: string;
  mentions: string[];
  /** Written by the signed-in user (who may delete it). */
  own: boolean;
}

export interface CommentThread {
  key: RowKey;
  canComment: boolean;
  comments: RowComment[];
}

export interface Person {
  username: string;
  displayName: string;
}
