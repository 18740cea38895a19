import pg from 'pg';
import type { RawWriter } from '../raw-write.js';

export interface PostgresConnection {
  host: string;
  port: number;
  user: string;
  database: string;
}

/** The raw side's own audit: one row per cell, apart from the project's audit schema so the API's hash chain stays whole. */
export const RAW_AUDIT_TABLE = 'bench_raw_audit';
const USER = 'director';

/**
 * One audited cell edit as ONE statement: lock the row and read its old
 * value, UPDATE it only if it still holds the expected value, and INSERT the
 * audit row with the old and new value of the updated row. Nothing is written
 * when the guard fails (the INSERT then selects no row).
 */
const STATEMENT = `WITH old AS (
  SELECT line_id, amount FROM budget_lines WHERE line_id = $1 FOR UPDATE
), changed AS (
  UPDATE budget_lines b SET amount = $2
  FROM old
  WHERE b.line_id = old.line_id AND old.amount IS NOT DISTINCT FROM $3
  RETURNING b.line_id, old.amount AS old_amount, b.amount AS new_amount
)
INSERT INTO ${RAW_AUDIT_TABLE} (changeset_id, committed_at, username, table_name, row_key, column_name, old_value, new_value)
SELECT gen_random_uuid(), now(), $4, 'budget_lines', '{"line_id":' || line_id || '}', 'amount', old_amount::text, new_amount::text
FROM changed`;

export interface PostgresRawWriter extends RawWriter {
  close(): Promise<void>;
}

/**
 * The minimal hand-written equivalent of an audited budget edit on the raw
 * `pg` driver: a pool of its own (as large as the server's) running one
 * statement per write, with no hash chain, changeset row or session check.
 */
export async function openPostgresRawWriter(connection: PostgresConnection, poolSize: number): Promise<PostgresRawWriter> {
  const pool = new pg.Pool({ ...connection, max: poolSize });
  pool.on('error', () => undefined);
  await pool.query(`CREATE TABLE IF NOT EXISTS ${RAW_AUDIT_TABLE} (
    changeset_id UUID PRIMARY KEY, committed_at TIMESTAMPTZ NOT NULL, username TEXT NOT NULL, table_name TEXT NOT NULL,
    row_key TEXT NOT NULL, column_name TEXT NOT NULL, old_value TEXT, new_value TEXT)`);
  return {
    statements: ['one statement: WITH SELECT … FOR UPDATE, guarded UPDATE returning the old value, INSERT of the audit row'],
    retries: 0,
    async write(lineId, old, next) {
      const result = await pool.query(STATEMENT, [lineId, next, old, USER]);
      if (result.rowCount !== 1) throw new Error(`line ${lineId} no longer holds ${old}`);
    },
    async countOwnAudit() {
      const { rows } = await pool.query(`SELECT count(*) AS n FROM ${RAW_AUDIT_TABLE}`);
      return Number(rows[0].n);
    },
    close: () => pool.end(),
  };
}
