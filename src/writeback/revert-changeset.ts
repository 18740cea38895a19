import { AppError } from '../errors/index.js';
import { fetchChangeset } from '../governance/audit/index.js';
import { applyChangeset, type WriteContext } from './apply-changeset.js';
import { buildRevertChanges, type RevertSelection } from './build-revert.js';
import type { ChangesetResult } from './changeset-schema.js';

/**
 * Reverts a changeset (or one cell of it) with a new changeset through the
 * same pipeline: permissions, validation, conflict detection and audit apply,
 * and the audit records which changeset it reverts. The changes come from
 * the audit, not from the user, so a refusal for rows the user may not see
 * does not name their keys.
 */
export async function revertChangeset(
  context: WriteContext,
  changesetId: string,
  options: RevertSelection & { reason?: string; idempotencyKey?: string },
): Promise<ChangesetResult> {
  const stored = await fetchChangeset(context.driver, context.driver.dialect, context.auditSchema, changesetId);
  if (!stored || stored.tableName !== context.table.qualifiedName) {
    throw new AppError('CHANGESET_NOT_FOUND', `No changeset ${changesetId} on ${context.table.title}.`, { changesetId });
  }
  const changes = buildRevertChanges(stored.cells, options);
  try {
    return await applyChangeset(
      { ...context, reverts: changesetId },
      // The audit's `reverts` column says what this undoes; the reason is only what the user wrote.
      { changes, reason: options.reason, idempotencyKey: options.idempotencyKey },
    );
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'ROW_NOT_FOUND')) throw error;
    const rows = (error.details.rows as { changeIndex: number }[] | undefined) ?? [];
    throw new AppError(
      'ROW_NOT_FOUND',
      `${rows.length === 1 ? 'A row' : `${rows.length} rows`} of this changeset no longer exist or are not visible to you; nothing was reverted.`,
      { rows: rows.map(({ changeIndex }) => ({ changeIndex })) },
    );
  }
}
