import { ownEntry, type ResolvedApp } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { hasAnyRole, type Principal } from '../governance/principal.js';
import { runDataset } from '../query/run-dataset.js';
import { queryRequestSchema } from '../query/query-request-schema.js';
import type { WarehouseIdentity } from '../warehouse/driver.js';
import type { WorkflowContext } from './workflow-context.js';

/** "Every row this dataset shows", instead of ticked keys: the dataset and the parameters the page has. */
export interface MatchingSelection {
  dataset: string;
  params: Record<string, string | number | boolean | null>;
}

/**
 * The keys of every row a dataset shows the user with these parameters (read
 * as they may read it: read policies, their warehouse identity), for an
 * action that runs on selected rows. The dataset must list every key column
 * of the selection's table; more rows than the action's `max` are refused
 * (400) rather than cut, so a run never silently covers part of what was asked.
 */
export async function matchingKeys(
  context: WorkflowContext,
  app: ResolvedApp,
  name: string,
  principal: Principal,
  matching: MatchingSelection,
  identity: WarehouseIdentity | undefined,
): Promise<Record<string, unknown>[]> {
  const action = ownEntry(app.config.actions, name);
  if (!action) throw new AppError('WF_ACTION_NOT_FOUND', `App ${app.name} has no action '${name}'.`, { action: name });
  if (!hasAnyRole(principal, action.roles)) throw new AppError('GOV_FORBIDDEN_ACTION', `You may not run action '${name}'.`, { action: name });
  if (!action.selection) throw new AppError('REQ_INVALID', `Action ${name} does not run on selected rows; leave matching out.`, { issues: [] });
  const table = app.tables.get(action.selection.table)!;
  const max = action.selection.max;
  const request = queryRequestSchema.parse({ params: matching.params, limit: Math.min(max + 1, 10_000) });
  const result = await runDataset(context.warehouse, app, matching.dataset, principal, request, identity, context.project().config.audit.schema);
  const names = new Set(result.columns.map((c) => c.name));
  const missing = table.key.filter((k) => !names.has(k));
  if (missing.length)
    throw new AppError(
      'REQ_INVALID',
      `Dataset ${matching.dataset} does not list ${missing.join(', ')}, the key of ${table.name}: its rows cannot be selected.`,
      {
        issues: [{ path: 'matching.dataset', message: `missing key columns: ${missing.join(', ')}` }],
      },
    );
  if (result.rows.length > max)
    throw new AppError('REQ_INVALID', `More than ${max} rows match; an action run takes at most ${max}. Narrow the filters.`, {
      issues: [{ path: 'matching', message: `more than ${max} rows match` }],
    });
  if (result.rows.length === 0)
    throw new AppError('REQ_INVALID', 'No row matches: nothing to run the action on.', { issues: [{ path: 'matching', message: 'no row matches' }] });
  return result.rows.map((row) => Object.fromEntries(table.key.map((k) => [k, row[k]])));
}
