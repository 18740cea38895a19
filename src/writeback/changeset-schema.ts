import { z } from 'zod';

const columnName = z.string().min(1).max(128);

/** Idempotency keys of applied approval requests; reserved so that no client write can claim one. */
export const APPROVAL_KEY_PREFIX = 'approval:';

/**
 * A client's idempotency key. Keys starting with `approval:` are refused: an
 * approved request is applied under `approval:<requestId>`, and a changeset
 * already holding that key would be taken for the applied request.
 */
export const clientIdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!approval:)/, `keys starting with ${APPROVAL_KEY_PREFIX} are reserved for applying approved requests`);

const cell = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);
const cells = z.record(columnName, cell);

export const changeSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('update'), key: cells, set: cells, expect: cells.default({}) }),
  z.strictObject({ op: z.literal('insert'), values: cells }),
  z.strictObject({ op: z.literal('delete'), key: cells, expect: cells.default({}) }),
]);

/** The most changes one changeset may hold (a pasted block, a mapping run, an import). */
export const MAX_CHANGES_PER_CHANGESET = 50_000;

export const changesetRequestSchema = z.strictObject({
  changes: z.array(changeSchema).min(1).max(MAX_CHANGES_PER_CHANGESET),
  reason: z.string().max(2000).optional(),
  idempotencyKey: clientIdempotencyKey.optional(),
});

export type CellInput = z.infer<typeof cell>;
export type Change = z.infer<typeof changeSchema>;
export type ChangesetRequest = z.infer<typeof changesetRequestSchema>;

export interface ChangesetResult {
  /** Null when every change was a no-op (nothing written, nothing audited). */
  changesetId: string | null;
  /** Rows inserted, updated or deleted. */
  applied: number;
  /** True when an earlier submission with the same idempotency key is being returned. */
  replayed: boolean;
  /** Keys of the rows written, in change order (generated keys of inserts included); absent on a replay. */
  keys?: Record<string, unknown>[];
}
