import { appSchema, type AppConfig, type ProjectConfig } from '../app-model/index.js';

export const ACTIVITY_APP = 'activity';

/**
 * The built-in activity app: writeback activity read live from the audit
 * tables with plain SQL that the data team can copy (admins see each
 * dataset's SQL in the UI).
 */
export function buildActivityApp(project: ProjectConfig): AppConfig {
  const s = `"${project.audit.schema}"`;
  return appSchema.parse({
    title: 'Writeback activity',
    description: 'Who changed what, where, and what was refused: live from the audit tables.',
    roles: project.audit.activityRoles,
    datasets: {
      totals: {
        description: 'Totals over the whole audit trail.',
        sql: `SELECT (SELECT count(*) FROM ${s}.changesets) AS changesets,
       (SELECT count(*) FROM ${s}.cell_changes) AS cells_changed,
       (SELECT count(*) FROM ${s}.changesets WHERE reverts IS NOT NULL) AS reverts,
       (SELECT count(*) FROM ${s}.rejections) AS rejected,
       (SELECT count(*) FROM ${s}.rejections WHERE code = 'WB_CONFLICT') AS conflicts,
       (SELECT count(DISTINCT username) FROM ${s}.changesets) AS writers`,
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
         sum(CASE WHEN reverts IS NOT NULL THEN 1 ELSE 0 END) AS reverts, CAST(max(committed_at) AS VARCHAR) AS last_change
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
        sql: `SELECT app, table_name, count(*) AS changesets, sum(inserted) AS inserted, sum(updated) AS updated, sum(deleted) AS deleted
FROM ${s}.changesets GROUP BY app, table_name ORDER BY changesets DESC`,
      },
      refusals: {
        description: 'Refused changesets by reason code.',
        sql: `SELECT code, count(*) AS refused FROM ${s}.rejections GROUP BY code ORDER BY refused DESC`,
      },
      exports: {
        description: 'Exports: who exported what, when (packs count their files).',
        sql: `SELECT CAST(exported_at AS VARCHAR) AS exported_at, username, app, export_name, file_name, files, params
FROM ${s}.exports ORDER BY exported_at DESC LIMIT 100`,
      },
      recent: {
        description: 'The latest changesets.',
        sql: `SELECT CAST(committed_at AS VARCHAR) AS committed_at, username, app, table_name, inserted + updated + deleted AS rows_changed, reason, reverts, changeset_id
FROM ${s}.changesets ORDER BY committed_at DESC, changeset_id DESC LIMIT 100`,
      },
    },
    pages: [
      {
        id: 'overview',
        title: 'Activity',
        blocks: [
          { id: 'kpi-changesets', type: 'kpi', title: 'Changesets', dataset: 'totals', value: 'changesets', format: 'number' },
          { id: 'kpi-cells', type: 'kpi', title: 'Cells changed', dataset: 'totals', value: 'cells_changed', format: 'number' },
          { id: 'kpi-conflicts', type: 'kpi', title: 'Conflicts', dataset: 'totals', value: 'conflicts', format: 'number' },
          { id: 'kpi-rejected', type: 'kpi', title: 'Refused writes', dataset: 'totals', value: 'rejected', format: 'number' },
          { id: 'kpi-reverts', type: 'kpi', title: 'Reverts', dataset: 'totals', value: 'reverts', format: 'number' },
          {
            id: 'chart-per-day',
            type: 'chart',
            title: 'Changesets per day',
            dataset: 'per_day',
            chart: 'bar',
            x: 'day',
            series: [
              { column: 'changesets', label: 'Changesets' },
              { column: 'rows_changed', label: 'Rows changed' },
            ],
          },
          { id: 'table-by-user', type: 'table', title: 'By user', dataset: 'by_user' },
          { id: 'table-by-table', type: 'table', title: 'By table', dataset: 'by_table' },
          { id: 'table-refusals', type: 'table', title: 'Refused writes by reason', dataset: 'refusals' },
          { id: 'table-recent', type: 'table', title: 'Latest changesets', dataset: 'recent' },
          { id: 'table-exports', type: 'table', title: 'Exports', dataset: 'exports' },
        ],
      },
    ],
  });
}
