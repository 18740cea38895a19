import type { ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';

/*
 * The one answer for a row the user may not read and for a key no row has:
 * 404 ROW_NOT_FOUND, the same message, and in `details` only what the user
 * sent. So no refusal tells whether a key the user may not read exists;
 * 403 is left for rows the user reads but may not change.
 */

/** A row the request names by its key. */
export function rowNotFound(table: ResolvedTable, key: Record<string, unknown>): AppError {
  return new AppError('ROW_NOT_FOUND', `${table.title} has no row with this key that you may read.`, { key });
}

/** A row a changeset changed (the request names only the changeset, so neither does the answer name a row). */
export function changesetRowNotFound(): AppError {
  return new AppError('ROW_NOT_FOUND', 'A row of this changeset no longer exists or is not visible to you; nothing was reverted.', {});
}
