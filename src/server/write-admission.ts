import { AppError } from '../errors/index.js';
import { MAX_CHANGES_PER_CHANGESET } from '../writeback/changeset-schema.js';

/** Body limit of the changeset route: room for the largest changeset (other routes keep the server's 1 MiB). */
export const CHANGESET_BODY_LIMIT_BYTES = 48 * 1024 * 1024;

/** Per user and server: changesets in progress at once, and the changes they may hold together. */
export const USER_WRITE_LIMITS = { changesets: 64, changes: 2 * MAX_CHANGES_PER_CHANGESET };

/** Refuses an oversized changeset with a 413 that says the limit, before the schema check reads it. */
export function assertChangesetSize(body: unknown): void {
  const changes = (body as { changes?: unknown } | null)?.changes;
  if (Array.isArray(changes) && changes.length > MAX_CHANGES_PER_CHANGESET) {
    throw new AppError(
      'WB_CHANGESET_TOO_LARGE',
      `A changeset holds at most ${MAX_CHANGES_PER_CHANGESET.toLocaleString('en')} changes; this one has ${changes.length.toLocaleString('en')}. Split it into several changesets.`,
      { limit: MAX_CHANGES_PER_CHANGESET, changes: changes.length },
    );
  }
}

/**
 * Admission per user: one person's bulk work (a script sending large
 * changesets in parallel, say) cannot take every connection and queue slot
 * of the warehouse. A user may have `changesets` changesets in progress
 * holding `changes` changes together; past either, a write is refused at
 * once with 429 `WB_BUSY` rather than queued. Single-cell edits from many
 * tabs stay far below both.
 */
export function perUserWriteLimit(limits = USER_WRITE_LIMITS) {
  const inProgress = new Map<string, { changesets: number; changes: number }>();
  return async <T>(userId: string, changes: number, work: () => Promise<T>): Promise<T> => {
    const current = inProgress.get(userId) ?? { changesets: 0, changes: 0 };
    if (current.changesets + 1 > limits.changesets || current.changes + changes > limits.changes) {
      throw new AppError(
        'WB_BUSY',
        `You already have ${current.changesets} changesets (${current.changes.toLocaleString('en')} changes) in progress; send this one when one of them has finished.`,
        { limit: limits },
      );
    }
    inProgress.set(userId, { changesets: current.changesets + 1, changes: current.changes + changes });
    try {
      return await work();
    } finally {
      const now = inProgress.get(userId)!;
      if (now.changesets === 1) inProgress.delete(userId);
      else inProgress.set(userId, { changesets: now.changesets - 1, changes: now.changes - changes });
    }
  };
}
