import type { UnsealedChangeset } from '../governance/audit/index.js';
import type { ChangesetRequest } from './changeset-schema.js';
import type { PreparedChange } from './prepare-changes.js';
import { uuid7 } from './uuid7.js';
import type { WriteContext } from './write-context.js';

/** The audit row of a changeset about to be written (sealed into the hash chain after commit). */
export function changesetRecord(context: WriteContext, changes: readonly PreparedChange[], request: ChangesetRequest, requestHash: string): UnsealedChangeset {
  const count = (op: string) => changes.filter((c) => c.op === op).length;
  const now = Date.now();
  return {
    changesetId: uuid7(now),
    committedAt: new Date(now).toISOString(),
    userId: context.principal.id,
    username: context.principal.username,
    app: context.app.name,
    tableName: context.table.qualifiedName,
    reason: request.reason ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    requestHash,
    inserted: count('insert'),
    updated: count('update'),
    deleted: count('delete'),
    reverts: context.reverts ?? null,
  };
}
