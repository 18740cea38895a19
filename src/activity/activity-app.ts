import { appSchema, type AppConfig, type ProjectConfig } from '../app-model/index.js';
import { refusalReasonsValues } from './refusal-reasons.js';

export const ACTIVITY_APP = 'activity';

/** A writable table as the activity app names it: audit name (schema-qualified as configured) and title. */
export interface ActivityTableName {
  table: string;
  title: string;
}

/** The activity app's names for the project apps' writable tables. */
export function activityTableNames(apps: Iterable<{ config: AppConfig }>): ActivityTableName[] {
  const names: ActivityTableName[] = [];
  for (const app of apps) {
    for (const [name, table] of Object.entries(app.config.tables)) {
      names.push({ table: table.table ?? name, title: table.title ?? humanize(name) });
    }
  }
  return names;
}

function humanize(name: string): string {
  const words = name.replaceAll('_', ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The built-in activity app: writeback activity read live from the audit
 * tables with plain SQL that the data team can copy (admins see each
 * dataset's SQL in the UI). Table titles and refusal reasons are constant
 * lists in the SQL, from the app definitions and the error codes.
 */
export function buildActivityApp(project: ProjectConfig, tables: readonly ActivityTableName[] = []): AppConfig {
  const s = `"${project.audit.schema}"`;
  const titles = [...tables.map((t) => `(${quote(t.table)}, ${quote(t.title)})`), "('', '')"].join(', ');
  const titled = `titles(table_name, title) AS (VALUES ${titles})`;
  const title = (alias: string) => `coalesce((SELECT max(t.title) FROM titles t WHERE t.table_name = ${alias}.table_name), ${alias}.table_name)`;
  const reasons = `reasons(code, reason) AS (VALUES\n    ${refusalReasonsValues()})`;
  const hours = (from: string, to: string) => `EXTRACT(EPOCH FROM (${to} - ${from})) / 3600.0`;
  // Hours to one decimal alike on every engine (a bare NUMERIC has no decimals on some); an average of
  // no rows is guarded by the callers (some engines give NaN, which no decimal holds).
  const oneDecimal = (value: string) => `CAST(round(CAST(${value} AS DECIMAL(18,4)), 1) AS DECIMAL(18,1))`;
  return appSchema.parse({
    title: 'Writeback activity',
    description: 'Who changed what and why, how long approvals take, and what was refused: live from the audit tables.',
    roles: project.audit.activityRoles,
    datasets: {
      totals: {
        description: 'Totals over the whole audit trail.',
        sql: `SELECT (SELECT count(*) FROM ${s}.changesets) AS changesets,
       (SELECT count(*) FROM ${s}.cell_changes) AS cells_changed,
       (SELECT count(*) FROM ${s}.changesets WHERE reverts IS NOT NULL) AS reverts,
       (SELECT count(*) FROM ${s}.rejections) AS rejected,
       (SELECT count(*) FROM ${s}.rejections WHERE code = 'WB_CONFLICT') AS conflicts,
       (SELECT count(DISTINCT username) FROM ${s}.changesets) AS writers,
       (SELECT count(*) FROM ${s}.approval_requests WHERE status = 'pending') AS pending_approvals,
       (SELECT CASE WHEN count(*) > 0 THEN ${oneDecimal(`avg(${hours('submitted_at', 'updated_at')})`)} END FROM ${s}.approval_requests WHERE status <> 'pending') AS approval_hours`,
      },
      per_day: {
        description: 'Changesets and changed rows per day (UTC).',
        sql: `SELECT CAST(CAST(committed_at AS DATE) AS VARCHAR) AS day, count(*) AS changesets, sum(inserted + updated + deleted) AS rows_changed
FROM ${s}.changesets GROUP BY CAST(committed_at AS DATE) ORDER BY day`,
      },
      by_user: {
        description: 'Changesets, changed rows, reverts and refusals per user.',
        sql: `WITH written AS (
  SELECT username, count(*) AS changesets, sum(inserted + updated + deleted) AS rows_changed,
         sum(CASE WHEN reverts IS NOT NULL THEN 1 ELSE 0 END) AS reverts, max(committed_at) AS last_change
  FROM ${s}.changesets GROUP BY username
), refused AS (
  SELECT username, count(*) AS rejected, sum(CASE WHEN code = 'WB_CONFLICT' THEN 1 ELSE 0 END) AS conflicts
  FROM ${s}.rejections GROUP BY username
)
SELECT coalesce(w.username, r.username) AS username, coalesce(w.changesets, 0) AS changesets, coalesce(w.rows_changed, 0) AS rows_changed,
       coalesce(w.reverts, 0) AS reverts, coalesce(r.rejected, 0) AS rejected, coalesce(r.conflicts, 0) AS conflicts, w.last_change
FROM written w FULL JOIN refused r ON r.username = w.username
ORDER BY changesets DESC, username`,
      },
      by_table: {
        description: 'Changesets per app and table.',
        sql: `WITH ${titled}
SELECT c.app, ${title('c')} AS table_title, count(*) AS changesets, sum(c.inserted) AS inserted, sum(c.updated) AS updated, sum(c.deleted) AS deleted
FROM ${s}.changesets c GROUP BY c.app, c.table_name ORDER BY changesets DESC`,
      },
      refusals: {
        description: 'Refused changesets by reason (the error code is kept next to it).',
        sql: `WITH ${reasons}
SELECT coalesce((SELECT max(x.reason) FROM reasons x WHERE x.code = r.code), r.code) AS reason, count(*) AS refused, r.code
FROM ${s}.rejections r GROUP BY r.code ORDER BY refused DESC, r.code`,
      },
      recent_refusals: {
        description: 'The latest refused changesets with what the person was told.',
        sql: `WITH ${reasons}, ${titled}
SELECT r.rejected_at, r.username, ${title('r')} AS table_title,
       coalesce((SELECT max(x.reason) FROM reasons x WHERE x.code = r.code), r.code) AS reason, r.change_count AS changes, r.message
FROM ${s}.rejections r ORDER BY r.rejected_at DESC LIMIT 100`,
      },
      approval_cycles: {
        description: 'Approval requests per table: submitted, decided, waiting, and hours from submission to the final decision.',
        sql: `WITH ${titled}
SELECT q.app, ${title('q')} AS table_title, count(*) AS submitted,
       sum(CASE WHEN q.status = 'pending' THEN 0 ELSE 1 END) AS decided,
       sum(CASE WHEN q.status = 'pending' THEN 1 ELSE 0 END) AS waiting,
       ${oneDecimal(`avg(CASE WHEN q.status <> 'pending' THEN ${hours('q.submitted_at', 'q.updated_at')} END)`)} AS average_hours,
       ${oneDecimal(`max(CASE WHEN q.status <> 'pending' THEN ${hours('q.submitted_at', 'q.updated_at')} END)`)} AS slowest_hours
FROM ${s}.approval_requests q GROUP BY q.app, q.table_name ORDER BY submitted DESC`,
      },
      approval_days: {
        description: 'Approval decisions per day (UTC) with the average and slowest hours from submission.',
        sql: `SELECT CAST(CAST(updated_at AS DATE) AS VARCHAR) AS day, count(*) AS decided,
       ${oneDecimal(`avg(${hours('submitted_at', 'updated_at')})`)} AS average_hours,
       ${oneDecimal(`max(${hours('submitted_at', 'updated_at')})`)} AS slowest_hours
FROM ${s}.approval_requests WHERE status <> 'pending' GROUP BY CAST(updated_at AS DATE) ORDER BY day`,
      },
      most_edited: {
        description: 'The records changed most often (changesets per row).',
        sql: `WITH ${titled}, edits AS (
  SELECT cc.table_name, cc.row_key, count(DISTINCT cc.changeset_id) AS changesets, count(*) AS cells, max(c.committed_at) AS last_change
  FROM ${s}.cell_changes cc JOIN ${s}.changesets c ON c.changeset_id = cc.changeset_id
  GROUP BY cc.table_name, cc.row_key
)
SELECT ${title('e')} AS table_title, replace(replace(replace(replace(e.row_key, '{', ''), '}', ''), '"', ''), ':', ' ') AS record,
       e.changesets, e.cells AS cells_changed, e.last_change
FROM edits e ORDER BY e.changesets DESC, e.last_change DESC LIMIT 20`,
      },
      exports: {
        description: 'Exports: who exported what, when (packs count their files).',
        sql: `SELECT exported_at, username, app, export_name, file_name, files, params
FROM ${s}.exports ORDER BY exported_at DESC LIMIT 100`,
      },
      recent: {
        description: 'The latest changesets.',
        sql: `WITH ${titled}
SELECT c.committed_at, c.username, c.app, ${title('c')} AS table_title, CAST(c.inserted + c.updated + c.deleted AS INTEGER) AS rows_changed, c.reason,
       CASE WHEN c.reverts IS NULL THEN '' ELSE 'Revert' END AS kind, c.changeset_id
FROM ${s}.changesets c ORDER BY c.committed_at DESC, c.changeset_id DESC LIMIT 100`,
      },
    },
    pages: [
      {
        id: 'overview',
        title: 'Activity',
        blocks: [
          { id: 'kpi-changesets', type: 'kpi', title: 'Changesets', dataset: 'totals', value: 'changesets', format: 'number' },
          { id: 'kpi-cells', type: 'kpi', title: 'Cells changed', dataset: 'totals', value: 'cells_changed', format: 'number' },
          { id: 'kpi-writers', type: 'kpi', title: 'People writing', dataset: 'totals', value: 'writers', format: 'number' },
          { id: 'kpi-rejected', type: 'kpi', title: 'Refused writes', dataset: 'totals', value: 'rejected', format: 'number' },
          { id: 'kpi-conflicts', type: 'kpi', title: 'Conflicts', dataset: 'totals', value: 'conflicts', format: 'number' },
          { id: 'kpi-reverts', type: 'kpi', title: 'Reverts', dataset: 'totals', value: 'reverts', format: 'number' },
          { id: 'kpi-pending', type: 'kpi', title: 'Approvals waiting', dataset: 'totals', value: 'pending_approvals', format: 'number' },
          { id: 'kpi-approval-hours', type: 'kpi', title: 'Average approval time (hours)', dataset: 'totals', value: 'approval_hours', format: 'number' },
          {
            id: 'chart-per-day',
            type: 'chart',
            title: 'Changes per day',
            dataset: 'per_day',
            chart: 'bar',
            x: 'day',
            series: [
              { column: 'changesets', label: 'Changesets' },
              { column: 'rows_changed', label: 'Rows changed' },
            ],
          },
          {
            id: 'chart-per-person',
            type: 'chart',
            title: 'Changes per person',
            dataset: 'by_user',
            chart: 'bar',
            x: 'username',
            series: [
              { column: 'changesets', label: 'Changesets' },
              { column: 'rejected', label: 'Refused' },
            ],
          },
          {
            id: 'chart-approval-days',
            type: 'chart',
            title: 'Approval cycle time (hours from submission to decision)',
            dataset: 'approval_days',
            chart: 'line',
            x: 'day',
            series: [
              { column: 'average_hours', label: 'Average' },
              { column: 'slowest_hours', label: 'Slowest' },
            ],
          },
          {
            id: 'chart-refusals',
            type: 'chart',
            title: 'Refused writes by reason',
            dataset: 'refusals',
            chart: 'bar',
            x: 'reason',
            series: [{ column: 'refused', label: 'Refused' }],
          },
          {
            id: 'table-recent',
            type: 'table',
            title: 'Latest changes',
            dataset: 'recent',
            columns: [
              { column: 'committed_at', label: 'When', format: 'datetime' },
              { column: 'username', label: 'Who' },
              'app',
              { column: 'table_title', label: 'Table' },
              'rows_changed',
              'reason',
              'kind',
              { column: 'changeset_id', label: 'Change', link: { changeset: 'changeset_id' } },
            ],
          },
          {
            id: 'table-most-edited',
            type: 'table',
            title: 'Most-edited records',
            dataset: 'most_edited',
            columns: [{ column: 'table_title', label: 'Table' }, 'record', 'changesets', 'cells_changed', { column: 'last_change', format: 'datetime' }],
          },
          {
            id: 'table-approvals',
            type: 'table',
            title: 'Approvals by table',
            dataset: 'approval_cycles',
            columns: ['app', { column: 'table_title', label: 'Table' }, 'submitted', 'decided', 'waiting', 'average_hours', 'slowest_hours'],
          },
          {
            id: 'table-recent-refusals',
            type: 'table',
            title: 'Latest refused writes',
            dataset: 'recent_refusals',
            columns: [
              { column: 'rejected_at', label: 'When', format: 'datetime' },
              { column: 'username', label: 'Who' },
              { column: 'table_title', label: 'Table' },
              'reason',
              'changes',
              { column: 'message', label: 'What they were told' },
            ],
          },
          { id: 'table-by-user', type: 'table', title: 'By person', dataset: 'by_user' },
          {
            id: 'table-by-table',
            type: 'table',
            title: 'By table',
            dataset: 'by_table',
            columns: ['app', { column: 'table_title', label: 'Table' }, 'changesets', 'inserted', 'updated', 'deleted'],
          },
          { id: 'table-exports', type: 'table', title: 'Exports', dataset: 'exports' },
        ],
      },
    ],
  });
}
