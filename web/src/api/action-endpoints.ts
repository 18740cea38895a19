import { apiRequest } from './client';
import type { ActionRunResult } from './types';

const enc = encodeURIComponent;

/**
 * Runs an app's action block; a failing step answers 422 WF_ACTION_FAILED naming it. An action with a
 * selection also takes the keys of the selected rows.
 */
/** The rows an action runs on: ticked keys, or every row a dataset shows with the page's parameters. */
export type ActionRows = { selection: Record<string, unknown>[] } | { matching: { dataset: string; params: Record<string, unknown> } };

export function runAction(app: string, action: string, params: Record<string, unknown>, rows?: ActionRows): Promise<ActionRunResult> {
  return apiRequest<ActionRunResult>('POST', `/api/apps/${enc(app)}/actions/${enc(action)}/run`, { params, ...rows });
}
