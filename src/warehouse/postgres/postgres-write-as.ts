import type pg from 'pg';
import type { RenderedSql } from '../sql.js';

/**
 * Session-local functions (in `pg_temp`: they exist only on the connection
 * that made them, need no grants and cannot be called by anyone else) that
 * run a write under a user's role and its audit rows under the service role
 * in ONE statement, so one round trip. One function per shape of write and
 * audit statement, made on the connection at the shape's first use:
 *
 *     rt_write_as_N(role, settings, <the write's parameters>, <the audit's parameters>)
 *
 * sets the role and settings for the transaction, returns the rows of the
 * write (static SQL in the body: PL/pgSQL plans it once per connection) and,
 * only when it returned rows, runs the audit statement as the service role.
 * The parameters' types are those PostgreSQL infers for the statements, as
 * for any bound statement (read from a `PREPARE` of each); every value still
 * arrives as a bound parameter of the call. A cached plan that applied
 * row-level security is replanned by PostgreSQL when the role differs from
 * the one it was planned for.
 */

/** Functions one connection keeps at most; past it they are all dropped and made again as used. */
const MAX_FUNCTIONS = 200;
/** The body's dollar quote: core statements hold no dollar-quoted text. */
const BODY_QUOTE = '$rt_write_as$';

interface WriteAsFunction {
  name: string;
  /** The PostgreSQL type of each parameter after role and settings: the write's, then the audit's. */
  types: string[];
}

interface ConnectionState {
  /** Function by the text of its write statement, then of its audit statement ('' for none). */
  functions: Map<string, Map<string, WriteAsFunction>>;
  count: number;
  next: number;
}

const connections = new WeakMap<pg.ClientBase, ConnectionState>();

/** The function running `write` and then `after` on this connection, made at the first use of the pair. */
export async function prepareWriteAs(client: pg.ClientBase, write: RenderedSql, after?: RenderedSql): Promise<WriteAsFunction> {
  let state = connections.get(client);
  if (!state) {
    state = { functions: new Map(), count: 0, next: 0 };
    connections.set(client, state);
  }
  const found = state.functions.get(write.sql)?.get(after?.sql ?? '');
  if (found) return found;
  if (state.count >= MAX_FUNCTIONS) {
    for (const byAfter of state.functions.values())
      for (const { name, types } of byAfter.values())
        await client.query(`DROP FUNCTION IF EXISTS pg_temp.${name}(text, text[]${types.map((t) => `, ${t}`).join('')})`);
    state.functions.clear();
    state.count = 0;
  }
  const name = `rt_write_as_${state.next++}`;
  const writeTypes = await parameterTypes(client, write.sql);
  const afterTypes = after ? await parameterTypes(client, after.sql) : [];
  const writeArgs = writeTypes.map((_, i) => `rt_w${i + 1}`);
  const afterArgs = afterTypes.map((_, i) => `rt_a${i + 1}`);
  const args = [...writeArgs.map((a, i) => `${a} ${writeTypes[i]}`), ...afterArgs.map((a, i) => `${a} ${afterTypes[i]}`)];
  const audit = after ? `IF FOUND THEN\n    PERFORM set_config('role', 'none', true);\n    ${withArguments(after.sql, afterArgs)};\n  END IF;` : '';
  await client.query(`CREATE FUNCTION pg_temp.${name}(p_role text, p_settings text[]${args.map((a) => `, ${a}`).join('')})
RETURNS SETOF record LANGUAGE plpgsql AS ${BODY_QUOTE}
#variable_conflict use_column
BEGIN
  PERFORM set_config('role', p_role, true);
  FOR i IN 1 .. coalesce(array_length(p_settings, 1), 0) / 2 LOOP
    PERFORM set_config(p_settings[2 * i - 1], p_settings[2 * i], true);
  END LOOP;
  RETURN QUERY ${withArguments(write.sql, writeArgs)};
  ${audit}
  RETURN;
END ${BODY_QUOTE}`);
  const made = { name, types: [...writeTypes, ...afterTypes] };
  let byAfter = state.functions.get(write.sql);
  if (!byAfter) state.functions.set(write.sql, (byAfter = new Map()));
  byAfter.set(after?.sql ?? '', made);
  state.count += 1;
  return made;
}

/** The call of the function, its rows typed as `columns`. */
export function writeAsCall(
  quoteIdent: (name: string) => string,
  role: string,
  settings: Record<string, string>,
  fn: WriteAsFunction,
  write: RenderedSql,
  columns: readonly { name: string; type: string }[],
  after?: RenderedSql,
): RenderedSql {
  const definition = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  const placeholders = fn.types.map((type, i) => `, $${i + 3}::${type}`).join('');
  return {
    sql: `SELECT * FROM pg_temp.${fn.name}($1, $2${placeholders}) AS w(${definition})`,
    params: [role, Object.entries(settings).flat(), ...write.params, ...(after?.params ?? [])],
  };
}

/** The types PostgreSQL infers for a statement's parameters (as `regtype` text, e.g. `numeric`, `text[]`). */
async function parameterTypes(client: pg.ClientBase, statement: string): Promise<string[]> {
  const probe = 'rt_write_as_probe';
  await client.query(`PREPARE ${probe} AS ${statement}`);
  try {
    const { rows } = await client.query<{ types: string[] }>(`SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = '${probe}'`);
    // A parameter nothing gives a type to is text, as PostgreSQL would read an untyped literal.
    return (rows[0]?.types ?? []).map((type) => (type === 'unknown' ? 'text' : type));
  } finally {
    await client.query(`DEALLOCATE ${probe}`);
  }
}

/**
 * The statement with its `$n` placeholders replaced by the function's
 * argument names; quoted identifiers and string literals are left as they are.
 */
export function withArguments(statement: string, names: readonly string[]): string {
  let out = '';
  for (let i = 0; i < statement.length; ) {
    const c = statement[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      // A doubled quote inside is part of the text.
      while (j < statement.length && (statement[j] !== c || statement[j + 1] === c)) j += statement[j] === c ? 2 : 1;
      out += statement.slice(i, j + 1);
      i = j + 1;
    } else if (c === '$' && /\d/.test(statement[i + 1] ?? '') && !/[\w$]/.test(statement[i - 1] ?? '')) {
      const digits = /^\d+/.exec(statement.slice(i + 1))![0];
      const name = names[Number(digits) - 1];
      if (!name) throw new Error(`The statement uses $${digits}, beyond its ${names.length} parameters.`);
      out += name;
      i += 1 + digits.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
