import type pg from 'pg';
import type { RenderedSql } from '../sql.js';

/**
 * Session-local helper functions (in `pg_temp`: they exist only on the
 * connection that made them, need no grants and cannot be called by anyone
 * else) that run a write under a user's role and its audit rows under the
 * service role in ONE statement, so one round trip:
 *
 * - `rt_bind(sql, params)` renders the placeholders `$n` as quoted literals
 *   (`quote_nullable`, the server's own quoting; values still reach the
 *   server as bound parameters of the call). Literals stay untyped, so they
 *   take their type from the context exactly as bound parameters do.
 * - `rt_write_as(role, settings, write, params, after, after_params)` sets
 *   the role and settings for the transaction, returns the rows of `write`,
 *   and only when it returned rows runs `after` as the service role.
 */
const FUNCTIONS = `
CREATE OR REPLACE FUNCTION pg_temp.rt_bind(p_sql text, p_params text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  parts text[] := regexp_split_to_array(p_sql, '\\$[0-9]+');
  refs int[];
  rendered text := parts[1];
BEGIN
  SELECT array_agg(CAST(m[1] AS int) ORDER BY n) INTO refs FROM regexp_matches(p_sql, '\\$([0-9]+)', 'g') WITH ORDINALITY AS r(m, n);
  FOR i IN 1 .. coalesce(array_length(refs, 1), 0) LOOP
    rendered := rendered || quote_nullable(p_params[refs[i]]) || parts[i + 1];
  END LOOP;
  RETURN rendered;
END $fn$;
CREATE OR REPLACE FUNCTION pg_temp.rt_write_as(p_role text, p_settings text[], p_write text, p_params text[], p_after text, p_after_params text[])
RETURNS SETOF record LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM set_config('role', p_role, true);
  FOR i IN 1 .. coalesce(array_length(p_settings, 1), 0) / 2 LOOP
    PERFORM set_config(p_settings[2 * i - 1], p_settings[2 * i], true);
  END LOOP;
  RETURN QUERY EXECUTE pg_temp.rt_bind(p_write, p_params);
  IF FOUND AND p_after IS NOT NULL THEN
    PERFORM set_config('role', 'none', true);
    EXECUTE pg_temp.rt_bind(p_after, p_after_params);
  END IF;
  RETURN;
END $fn$;`;

const ready = new WeakSet<pg.ClientBase>();

/** Creates the helper functions on this connection once. */
export async function ensureWriteAsFunctions(client: pg.ClientBase): Promise<void> {
  if (ready.has(client)) return;
  await client.query(FUNCTIONS);
  ready.add(client);
}

/** The call running `write` (whose rows have `columns`) as `role`, then `after` as the service role. */
export function writeAsCall(
  quoteIdent: (name: string) => string,
  role: string,
  settings: Record<string, string>,
  write: RenderedSql,
  columns: readonly { name: string; type: string }[],
  after?: RenderedSql,
): RenderedSql {
  const definition = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  return {
    sql: `SELECT * FROM pg_temp.rt_write_as($1, $2, $3, $4, $5, $6) AS w(${definition})`,
    params: [role, Object.entries(settings).flat(), write.sql, write.params.map(asText), after?.sql ?? null, after?.params.map(asText) ?? null],
  };
}

/** A bound value as the text `rt_bind` quotes: arrays (staged lists) as PostgreSQL array literals. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return `{${value.map((v) => (v === null || v === undefined ? 'NULL' : `"${String(asText(v)).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;
  return JSON.stringify(value);
}
