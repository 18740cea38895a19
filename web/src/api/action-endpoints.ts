import { apiRequest } from './client';
import type { ActionRunResult } from './types';

const enc = encodeURIComponent;

/**
 * Runs an app's action block; a failing step answers 422 WF_ACTION_FAILED naming it. An action with a
 * selection also takes the keys of the selected rows.
 */
export function runAction(app: string, action: string, params: Record<string, unknown>, selection?: Record<string, unknown>[]): Promise<ActionRunResult> {
  return apiRequest<ActionRunResult>('POST', `/api/apps/${enc(app)}/actions/${enc(action)}/run`, { params, ...(selection ? { selection } : {}) });
}
