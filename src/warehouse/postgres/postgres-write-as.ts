import type pg from 'pg';
import type { RenderedSql } from '../sql.js';

/**
 * Session-local helper functions (in `pg_temp`: they exist only on the
 * connection that made them, need no grants and cannot be called by anyone
 * else) that run a write under a user's role and its audit rows under the
 * service role in ONE statement, so one round trip. The write and the audit
 * statements are prepared on the connection once per shape (`PREPARE`, the
 * parameters' types inferred as for any bound statement), so PostgreSQL
 * plans them once, not at every call:
 *
 * - `rt_call(name, params)` is the `EXECUTE name(…)` of a prepared statement
 *   with its values as quoted literals (`quote_nullable`, the server's own
 *   quoting; the values still reach the server as bound parameters of the
 *   call). Literals stay untyped, so they take the prepared parameters' types.
 * - `rt_write_as(role, settings, write, params, after, after_params)` sets
 *   the role and settings for the transaction, returns the rows of the
 *   prepared `write`, and only when it returned rows runs the prepared
 *   `after` as the service role.
 *
 * A cached plan that applied row-level security is replanned by PostgreSQL
 * when the role differs from the one it was planned for.
 */
const FUNCTIONS = `
CREATE OR REPLACE FUNCTION pg_temp.rt_call(p_name text, p_params text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT 'EXECUTE ' || quote_ident(p_name) || CASE WHEN coalesce(cardinality(p_params), 0) = 0 THEN '' ELSE
    '(' || (SELECT string_agg(quote_nullable(v), ', ' ORDER BY i) FROM unnest(p_params) WITH ORDINALITY AS u(v, i)) || ')' END
$fn$;
CREATE OR REPLACE FUNCTION pg_temp.rt_write_as(p_role text, p_settings text[], p_write text, p_params text[], p_after text, p_after_params text[])
RETURNS SETOF record LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM set_config('role', p_role, true);
  FOR i IN 1 .. coalesce(array_length(p_settings, 1), 0) / 2 LOOP
    PERFORM set_config(p_settings[2 * i - 1], p_settings[2 * i], true);
  END LOOP;
  RETURN QUERY EXECUTE pg_temp.rt_call(p_write, p_params);
  IF FOUND AND p_after IS NOT NULL THEN
    PERFORM set_config('role', 'none', true);
    EXECUTE pg_temp.rt_call(p_after, p_after_params);
  END IF;
  RETURN;
END $fn$;`;

/** Statements one connection keeps prepared at most; past it they are all released and prepared again as used. */
const MAX_PREPARED = 500;

interface ConnectionState {
  /** Prepared statement name by SQL text. */
  prepared: Map<string, string>;
  next: number;
}

const connections = new WeakMap<pg.ClientBase, ConnectionState>();

/**
 * Makes the helper functions on this connection once, and prepares `write`
 * and `after` there unless already prepared; returns their names.
 */
export async function prepareWriteAs(client: pg.ClientBase, write: RenderedSql, after?: RenderedSql): Promise<{ write: string; after: string | null }> {
  let state = connections.get(client);
  if (!state) {
    await client.query(FUNCTIONS);
    state = { prepared: new Map(), next: 0 };
    connections.set(client, state);
  }
  const known = state;
  const nameOf = async (statement: string): Promise<string> => {
    const found = known.prepared.get(statement);
    if (found) return found;
    if (known.prepared.size >= MAX_PREPARED) {
      await client.query('DEALLOCATE ALL');
      known.prepared.clear();
    }
    const name = `rt_write_${known.next++}`;
    await client.query(`PREPARE ${name} AS ${statement}`);
    known.prepared.set(statement, name);
    return name;
  };
  return { write: await nameOf(write.sql), after: after ? await nameOf(after.sql) : null };
}

/** The call running the prepared `write` (whose rows have `columns`) as `role`, then the prepared `after` as the service role. */
export function writeAsCall(
  quoteIdent: (name: string) => string,
  role: string,
  settings: Record<string, string>,
  names: { write: string; after: string | null },
  write: RenderedSql,
  columns: readonly { name: string; type: string }[],
  after?: RenderedSql,
): RenderedSql {
  const definition = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  return {
    sql: `SELECT * FROM pg_temp.rt_write_as($1, $2, $3, $4, $5, $6) AS w(${definition})`,
    params: [role, Object.entries(settings).flat(), names.write, write.params.map(asText), names.after, after?.params.map(asText) ?? null],
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
