import type { ApiError } from '../api/client';

/** "Step 3 (sql) failed: <why>" for a failing step; the server's message otherwise. */
export function actionFailureText(error: ApiError): string {
  const details = error.details as { index?: number; step?: string; cause?: { message?: string } } | null;
  if (error.code === 'WF_ACTION_FAILED' && details && typeof details.index === 'number') {
    return `Step ${details.index + 1} (${details.step ?? 'step'}) failed: ${details.cause?.message ?? error.message}`;
  }
  return error.message;
}
