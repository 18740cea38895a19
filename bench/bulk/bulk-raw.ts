import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ProjectRuntime } from '../../src/runtime/open-project.js';
import type { PostgresConnection } from '../postgres/postgres-raw-write.js';

/** One row of a bulk edit: the line, the values it holds now and the values to write. */
export interface BulkRow {
  lineId: number;
  old: { amount: string; comment: string | null };
  next: { amount: string; comment: string };
}

/** The hand-written set-based equivalent of an audited bulk edit on the raw driver. */
export interface RawBulkWriter {
  /** What one bulk write runs, for the results. */
  statements: string;
  /** Updates every row (amount and comment) guarded by its old values, with one audit row per cell, in one transaction. */
  write(rows: readonly BulkRow[]): Promise<void>;
  close(): Promise<void>;
}

const USER = 'director';

/**
 * The raw side's audit tables: empty copies of the audit's `changesets` and
 * `cell_changes` (same columns, types and keys) outside the audit schema, so the
 * server's sealer never seals the raw side's rows on the API's time.
 */
export async function createRawAuditTables(runtime: ProjectRuntime): Promise<void> {
  const schema = runtime.current().config.audit.schema;
  for (const name of ['changesets', 'cell_changes']) {
    await runtime.warehouse.query(`CREATE TABLE "bench_raw_${name}" AS SELECT * FROM "${schema}"."${name}" WHERE 1 = 0`);
  }
  // The audit's own keys, so the raw side maintains the same indexes.
  await runtime.warehouse.query('CREATE UNIQUE INDEX bench_raw_changesets_key ON bench_raw_changesets (changeset_id)');
  await runtime.warehouse.query('CREATE UNIQUE INDEX bench_raw_cell_changes_key ON bench_raw_cell_changes (changeset_id, seq)');
}

/**
 * The columns both writers stage: line id, new and old amount and comment,
 * and the cells of the audit (two per row).
 */
function staged(rows: readonly BulkRow[]) {
  const cells = rows.flatMap((r) => [
    [`{"line_id":${r.lineId}}`, 'amount', r.old.amount, r.next.amount],
    [`{"line_id":${r.lineId}}`, 'comment', r.old.comment, r.next.comment],
  ]);
  return {
    ids: rows.map((r) => String(r.lineId)),
    amounts: rows.map((r) => r.next.amount),
    comments: rows.map((r) => r.next.comment),
    oldAmounts: rows.map((r) => r.old.amount),
    oldComments: rows.map((r) => r.old.comment),
    cellKeys: cells.map((c) => c[0]!),
    cellColumns: cells.map((c) => c[1]!),
    cellOld: cells.map((c) => c[2] ?? null),
    cellNew: cells.map((c) => c[3] ?? null),
  };
}

/**
 * PostgreSQL: `unnest` of typed arrays into one guarded `UPDATE … FROM`,
 * then the changeset row and the cell rows (`INSERT … SELECT unnest`), in one
 * transaction on its own `pg` pool.
 */
export function openPostgresBulkWriter(connection: PostgresConnection): RawBulkWriter {
  const pool = new pg.Pool({ ...connection, max: 2 });
  pool.on('error', () => undefined);
  const audit = (name: string) => `"bench_raw_${name}"`;
  return {
    statements: 'BEGIN; UPDATE … FROM unnest(typed arrays) with IS NOT DISTINCT FROM guards; INSERT changeset; INSERT … SELECT unnest(cells); COMMIT',
    async write(rows) {
      const s = staged(rows);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const updated = await client.query(
          `UPDATE budget_lines b SET amount = s.amount, comment = s.comment
             FROM unnest($1::int[], $2::numeric[], $3::text[], $4::numeric[], $5::text[]) AS s(line_id, amount, comment, old_amount, old_comment)
            WHERE b.line_id = s.line_id AND b.amount IS NOT DISTINCT FROM s.old_amount AND b.comment IS NOT DISTINCT FROM s.old_comment
            RETURNING b.line_id`,
          [s.ids, s.amounts, s.comments, s.oldAmounts, s.oldComments],
        );
        if (updated.rowCount !== rows.length) throw new Error(`raw bulk write matched ${updated.rowCount} of ${rows.length} rows`);
        const id = randomUUID();
        await client.query(
          `INSERT INTO ${audit('changesets')} (changeset_id, committed_at, user_id, username, app, table_name, request_hash, inserted, updated, deleted)
           VALUES ($1, now(), $2, $2, 'budget', 'budget_lines', 'raw', 0, $3, 0)`,
          [id, USER, rows.length],
        );
        await client.query(
          `INSERT INTO ${audit('cell_changes')} (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value)
           SELECT $1, row_number() OVER (), 'update', 'budget_lines', k, c, o, n FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, c, o, n)`,
          [id, s.cellKeys, s.cellColumns, s.cellOld, s.cellNew],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * DuckDB: the same statements on the server's own driver (one process owns
 * the file), the staged lists bound as JSON arrays like the pipeline's.
 */
export function openDuckdbBulkWriter(runtime: ProjectRuntime): RawBulkWriter {
  const audit = (name: string) => `"bench_raw_${name}"`;
  const list = (n: number, type: string) => `unnest(CAST(CAST($${n} AS JSON) AS ${type}[]))`;
  return {
    statements: 'BEGIN; UPDATE … FROM unnest(JSON lists) with IS NOT DISTINCT FROM guards; INSERT changeset; INSERT … SELECT unnest(cells); COMMIT',
    async write(rows) {
      const s = staged(rows);
      const json = (values: readonly unknown[]) => JSON.stringify(values);
      await runtime.warehouse.transaction(async (tx) => {
        const updated = await tx.query(
          `UPDATE budget_lines AS b SET amount = s.amount, comment = s.comment
             FROM (SELECT ${list(1, 'INTEGER')} AS line_id, ${list(2, 'DECIMAL(18,2)')} AS amount, ${list(3, 'VARCHAR')} AS comment,
                          ${list(4, 'DECIMAL(18,2)')} AS old_amount, ${list(5, 'VARCHAR')} AS old_comment) AS s
            WHERE b.line_id = s.line_id AND b.amount IS NOT DISTINCT FROM s.old_amount AND b.comment IS NOT DISTINCT FROM s.old_comment
            RETURNING b.line_id`,
          [json(s.ids), json(s.amounts), json(s.comments), json(s.oldAmounts), json(s.oldComments)],
        );
        if (updated.rows.length !== rows.length) throw new Error(`raw bulk write matched ${updated.rows.length} of ${rows.length} rows`);
        const id = randomUUID();
        await tx.query(
          `INSERT INTO ${audit('changesets')} (changeset_id, committed_at, user_id, username, app, table_name, request_hash, inserted, updated, deleted)
           VALUES ($1, now(), $2, $2, 'budget', 'budget_lines', 'raw', 0, $3, 0)`,
          [id, USER, rows.length],
        );
        await tx.query(
          `INSERT INTO ${audit('cell_changes')} (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value)
           SELECT $1, row_number() OVER (), 'update', 'budget_lines', k, c, o, n
             FROM (SELECT ${list(2, 'VARCHAR')} AS k, ${list(3, 'VARCHAR')} AS c, ${list(4, 'VARCHAR')} AS o, ${list(5, 'VARCHAR')} AS n)`,
          [id, json(s.cellKeys), json(s.cellColumns), json(s.cellOld), json(s.cellNew)],
        );
      });
    },
    close: async () => undefined,
  };
}
