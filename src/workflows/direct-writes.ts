import type { ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { directWritesAllowed } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';

/**
 * Refuses a direct write (changeset or revert) to a table whose approval
 * chain is `required`, unless the user holds an exempt role. Without
 * `required`, approval is opt-in: direct writes stay direct, and whoever
 * wants approval submits (POST …/submissions).
 */
export function assertDirectWriteAllowed(table: ResolvedTable, principal: Principal): void {
  if (directWritesAllowed(table, principal)) return;
  throw new AppError('WF_APPROVAL_REQUIRED', `Changes to ${table.title} need approval: submit them for approval instead of writing directly.`, {
    table: table.name,
    submit: 'POST /api/apps/:app/tables/:table/submissions',
  });
}
