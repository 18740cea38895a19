import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../src/errors/index.js';
import type { ProjectRuntime } from '../src/runtime/open-project.js';

export interface RawWriter {
  /** The statements of one write, for the results table. */
  statements: string[];
  retries: number;
  /** Sets line `lineId`'s amount from `old` to `next` (decimal text), with its audit; rejects when the line no longer holds `old`. */
  write(lineId: number, old: string, next: string): Promise<void>;
  /**
   * Rows in the writer's own audit table, for a writer that keeps one apart
   * from the project's `changesets` (which then grows by the API's writes only).
   */
  countOwnAudit?(): Promise<number>;
}

const USER = 'director';
const APP = 'budget';
const TABLE = 'budget_lines';

/**
 * The hand-written equivalent of one audited budget edit, in one transaction
 * on the server's own driver: the guarded UPDATE and the audit rows (changeset
 * and cell), retried on a transaction conflict like the pipeline does. The
 * server's sealer links these rows into the hash chain like its own.
 */
export async function openRawWriter(runtime: ProjectRuntime): Promise<RawWriter> {
  const schema = runtime.current().config.audit.schema;
  const driver = runtime.warehouse;
  const audit = (name: string) => `"${schema}"."${name}"`;
  const update = `UPDATE ${TABLE} SET amount = CAST($1 AS DECIMAL(18,2)) WHERE line_id = $2 AND amount IS NOT DISTINCT FROM CAST($3 AS DECIMAL(18,2)) RETURNING line_id, entity_id, account_id, period, amount, comment`;
  const changeset = `INSERT INTO ${audit('changesets')} (changeset_id, committed_at, user_id, username, app, table_name, reason, idempotency_key, request_hash, inserted, updated, deleted)
       VALUES ($1, CAST($2 AS TIMESTAMPTZ), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
  const cell = `INSERT INTO ${audit('cell_changes')} (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

  const writer: RawWriter = {
    statements: ['guarded UPDATE', 'changesets INSERT', 'cell_changes INSERT'],
    retries: 0,
    async write(lineId, old, next) {
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      const requestHash = sha256(JSON.stringify([APP, TABLE, lineId, old, next]));
      for (let attempt = 1; ; attempt += 1) {
        try {
          await driver.transaction(async (tx) => {
            const { rows } = await tx.query(update, [next, lineId, old]);
            if (!rows[0]) throw new Error(`line ${lineId} no longer holds ${old}`);
            const id = randomUUID();
            const committedAt = new Date().toISOString();
            await tx.query(changeset, [id, committedAt, USER, USER, APP, TABLE, null, null, requestHash, 0, 1, 0]);
            await tx.query(cell, [id, 1, 'update', TABLE, `{"line_id":${lineId}}`, 'amount', old, next]);
          });
          return;
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'DRV_TRANSACTION_CONFLICT') || attempt >= 8) throw error;
          writer.retries += 1;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * attempt));
        }
      }
    },
  };
  return writer;
}
