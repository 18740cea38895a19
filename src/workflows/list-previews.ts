import type { ResolvedProject, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies, rowSatisfies } from '../governance/policies/index.js';
import { fetchUsers } from '../governance/identity/user-store.js';
import type { CanonicalValue } from '../warehouse/coerce-value.js';
import type { Row, WarehouseDriver } from '../warehouse/driver.js';
import type { Change } from '../writeback/changeset-schema.js';
import { formatRowKey } from '../writeback/row-key.js';
import { currentLevelOf, summarizeRequest, type ApprovalRequest } from './approval-records.js';
import { humanize } from './humanize.js';
import { canonicalValue, changeKey, fetchReadable, type RequestViewer } from './describe-request.js';

/** How many columns besides the changed ones describe the row in a list. */
const CONTEXT_COLUMNS = 4;

/** A column and its value, titled for people. */
export interface PreviewCell {
  column: string;
  title: string;
  value: CanonicalValue;
}

/**
 * What a list shows of a request's first change: the row in business terms
 * (its describing columns as they are now) and each changed column old → new.
 * Only when the viewer may read the row now (`visible`); otherwise nothing of
 * the row, as in the detail.
 */
export interface ChangePreview {
  op: Change['op'];
  visible: boolean;
  row: PreviewCell[];
  changed: { column: string; title: string; old: CanonicalValue; new: CanonicalValue }[];
  /** Further changes of the request. */
  more: number;
}

/**
 * List entries with what a reviewer needs without opening each request: app
 * and table titles, the submitter's display name, who the waiting level
 * waits on, and the first change's row read as the viewer (one query per
 * table, the viewer's read policy and identity applied).
 */
export async function describeListEntries(
  warehouse: WarehouseDriver,
  system: WarehouseDriver,
  project: ResolvedProject,
  requests: readonly ApprovalRequest[],
  viewer: RequestViewer,
) {
  const names = new Map((await fetchUsers(system)).map((u) => [u.username, u.displayName ?? u.username]));
  const rowsByRequest = await readFirstRows(warehouse, project, requests, viewer);
  return requests.map((request) => {
    const app = project.apps.get(request.app);
    const table = app?.tables.get(request.table);
    const waiting = currentLevelOf(request);
    return {
      ...summarizeRequest(request),
      appTitle: app?.config.title ?? humanize(request.app),
      tableTitle: table?.title && table.title !== request.table ? table.title : humanize(request.table),
      submitterName: names.get(request.submittedBy) ?? request.submittedBy,
      waiting: waiting ? { level: waiting.name, title: humanize(waiting.name), roles: waiting.roles, mode: waiting.mode } : null,
      preview: table ? previewOf(table, request, rowsByRequest.get(request.requestId)) : null,
    };
  });
}

export type RequestListEntry = Awaited<ReturnType<typeof describeListEntries>>[number];

async function readFirstRows(
  warehouse: WarehouseDriver,
  project: ResolvedProject,
  requests: readonly ApprovalRequest[],
  viewer: RequestViewer,
): Promise<Map<string, Row>> {
  const byTable = new Map<ResolvedTable, ApprovalRequest[]>();
  for (const request of requests) {
    const table = project.apps.get(request.app)?.tables.get(request.table);
    if (!table || request.changes.length === 0) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), request]);
  }
  const found = new Map<string, Row>();
  for (const [table, of] of byTable) {
    const keys = of.map((r) => changeKey(table, r.changes[0]!));
    const rows = await fetchReadable(warehouse, table, viewer, keys);
    of.forEach((request, i) => {
      const row = rows.get(formatRowKey(table, keys[i]!)) ?? unwrittenRow(table, request.changes[0]!, viewer);
      if (row) found.set(request.requestId, row);
    });
  }
  return found;
}

/** An insert not written yet: the row it would write, when the viewer's read policy would let them read it. */
function unwrittenRow(table: ResolvedTable, change: Change, viewer: RequestViewer): Row | undefined {
  if (change.op !== 'insert') return undefined;
  try {
    return rowSatisfies(readRowPolicies(table, viewer.principal), table, viewer.principal, change.values) ? change.values : undefined;
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
}

function previewOf(table: ResolvedTable, request: ApprovalRequest, row: Row | undefined): ChangePreview | null {
  const change = request.changes[0];
  if (!change) return null;
  const more = request.changes.length - 1;
  // Only a row the viewer may read is described (for an insert not yet written: the row it would write).
  if (!row) return { op: change.op, visible: false, row: [], changed: [], more };
  // An insert's amount is what it changes; its other values describe the row it adds.
  const amount = table.approvals?.amountColumn?.name;
  const written =
    change.op === 'update'
      ? Object.keys(change.set)
      : change.op === 'insert'
        ? amount && amount in change.values
          ? [amount]
          : Object.keys(change.values)
        : Object.keys(change.expect).slice(0, 1);
  const changedColumns = written.filter((c) => c in row);
  const describing = table.columns
    .filter((c) => !changedColumns.includes(c.name) && c.name in row && !(table.key.includes(c.name) && c.hasDefault))
    .slice(0, CONTEXT_COLUMNS)
    .map((c) => ({ column: c.name, title: humanize(c.name), value: canonicalValue(table, c.name, row[c.name] ?? null) }));
  const oldOf = (column: string) => (change.op === 'insert' ? null : canonicalValue(table, column, change.expect[column] ?? null));
  const newOf = (column: string) =>
    change.op === 'update'
      ? canonicalValue(table, column, change.set[column] ?? null)
      : change.op === 'insert'
        ? canonicalValue(table, column, change.values[column] ?? null)
        : null;
  return {
    op: change.op,
    visible: true,
    row: describing,
    changed: changedColumns.map((column) => ({ column, title: humanize(column), old: oldOf(column), new: newOf(column) })),
    more,
  };
}
