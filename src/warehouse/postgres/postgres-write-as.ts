import type pg from 'pg';
import type { IdentityWrite } from '../driver.js';
import type { RenderedSql } from '../sql.js';

/**
 * Session-local functions (in `pg_temp`: they exist only on the connection
 * that made them, need no grants and cannot be called by anyone else) that
 * run a write under a user's role and its audit rows under the service role
 * in ONE statement, so one round trip. Functions per shape of write and audit
 * statement, made on the connection at the shape's first use, in two forms:
 *
 *     rt_write_as_N(role, settings, <the write's parameters>, <the audit's parameters>)
 *     rt_write_as_N(roles[], setting names[], setting values[], <each parameter as an array, one element per write>)
 *
 * The first sets the role and settings for the transaction, returns the rows
 * of the write (static SQL in the body: PL/pgSQL plans it once per
 * connection) and, only when it returned rows, runs the audit statement as
 * the service role. The second does the same for several writes of one
 * shape, each under its own role and settings (every write sets the same
 * setting names, so none sees another's), in one statement that commits all
 * or none: group commit for writes under users' own roles. The parameters'
 * types are those PostgreSQL infers for the statements, as for any bound
 * statement (read from a `PREPARE` of each); every value still arrives as a
 * bound parameter of the call. A cached plan that applied row-level security
 * is replanned by PostgreSQL when the role differs from the one it was
 * planned for.
 */

/** Functions one connection keeps at most; past it they are all dropped and made again as used. */
const MAX_FUNCTIONS = 200;
/** The body's dollar quote: core statements hold no dollar-quoted text. */
const BODY_QUOTE = '$rt_write_as$';

/** One write's statement and audit under one identity, or several writes of one shape each under its own. */
export type WriteAsForm = 'one' | 'many';

export interface WriteAsFunction {
  name: string;
  form: WriteAsForm;
  /** The PostgreSQL type of each parameter after role and settings: the write's, then the audit's. */
  types: string[];
}

interface ConnectionState {
  /** Function by form, the text of its write statement and of its audit statement ('' for none). */
  functions: Map<string, WriteAsFunction | null>;
  next: number;
}

const connections = new WeakMap<pg.ClientBase, ConnectionState>();

/**
 * The function running `write` and then `after` on this connection, in `form`, made at the first
 * use of the pair; null for the form 'many' when a parameter is an array itself (an array of
 * arrays is no list of values in PostgreSQL).
 */
export async function prepareWriteAs(
  client: pg.ClientBase,
  write: RenderedSql,
  after: RenderedSql | undefined,
  form: WriteAsForm = 'one',
): Promise<WriteAsFunction | null> {
  let state = connections.get(client);
  if (!state) {
    state = { functions: new Map(), next: 0 };
    connections.set(client, state);
  }
  const key = `${form}\u0000${write.sql}\u0000${after?.sql ?? ''}`;
  const found = state.functions.get(key);
  if (found !== undefined) return found;
  if (state.functions.size >= MAX_FUNCTIONS) {
    for (const made of state.functions.values())
      if (made) await client.query(`DROP FUNCTION IF EXISTS pg_temp.${made.name}(${argumentTypes(made).join(', ')})`);
    state.functions.clear();
  }
  const writeTypes = await parameterTypes(client, write.sql);
  const afterTypes = after ? await parameterTypes(client, after.sql) : [];
  const types = [...writeTypes, ...afterTypes];
  if (form === 'many' && types.some((t) => t.endsWith(']'))) {
    state.functions.set(key, null);
    return null;
  }
  const name = `rt_write_as_${state.next++}`;
  const made = await createFunction(client, name, form, write, writeTypes, after, afterTypes);
  state.functions.set(key, made);
  return made;
}

/** How each form takes its arguments and runs its writes. */
const FORMS = {
  one: {
    leading: ['p_role text', 'p_settings text[]'],
    element: (name: string) => name,
    type: (type: string) => type,
    body: (write: string, audit: string) => `BEGIN
  PERFORM set_config('role', p_role, true);
  FOR i IN 1 .. coalesce(array_length(p_settings, 1), 0) / 2 LOOP
    PERFORM set_config(p_settings[2 * i - 1], p_settings[2 * i], true);
  END LOOP;
  RETURN QUERY ${write};
  ${audit}
  RETURN;
END`,
  },
  many: {
    leading: ['p_roles text[]', 'p_names text[]', 'p_values text[]'],
    element: (name: string) => `${name}[rt_write_index]`,
    type: (type: string) => `${type}[]`,
    body: (write: string, audit: string) => `DECLARE
  rt_setting_count integer := coalesce(array_length(p_names, 1), 0);
BEGIN
  FOR rt_write_index IN 1 .. coalesce(array_length(p_roles, 1), 0) LOOP
    PERFORM set_config('role', p_roles[rt_write_index], true);
    FOR rt_setting_index IN 1 .. rt_setting_count LOOP
      PERFORM set_config(p_names[rt_setting_index], p_values[(rt_write_index - 1) * rt_setting_count + rt_setting_index], true);
    END LOOP;
    RETURN QUERY ${write};
    ${audit}
  END LOOP;
  RETURN;
END`,
  },
} satisfies Record<WriteAsForm, unknown>;

async function createFunction(
  client: pg.ClientBase,
  name: string,
  form: WriteAsForm,
  write: RenderedSql,
  writeTypes: string[],
  after: RenderedSql | undefined,
  afterTypes: string[],
): Promise<WriteAsFunction> {
  const shape = FORMS[form];
  const types = [...writeTypes, ...afterTypes];
  const names = types.map((_, i) => (i < writeTypes.length ? `rt_w${i + 1}` : `rt_a${i + 1 - writeTypes.length}`));
  const inBody = names.map(shape.element);
  const audit = after
    ? `IF FOUND THEN\n    PERFORM set_config('role', 'none', true);\n    ${withArguments(after.sql, inBody.slice(writeTypes.length))};\n  END IF;`
    : '';
  const declared = [...shape.leading, ...names.map((n, i) => `${n} ${shape.type(types[i]!)}`)];
  await client.query(`CREATE FUNCTION pg_temp.${name}(${declared.join(', ')})
RETURNS SETOF record LANGUAGE plpgsql AS ${BODY_QUOTE}
#variable_conflict use_column
${shape.body(withArguments(write.sql, inBody.slice(0, writeTypes.length)), audit)} ${BODY_QUOTE}`);
  return { name, form, types };
}

/** The types of a function's arguments, as DROP FUNCTION names it. */
function argumentTypes({ form, types }: WriteAsFunction): string[] {
  const shape = FORMS[form];
  return [...shape.leading.map((arg) => arg.slice(arg.indexOf(' ') + 1)), ...types.map(shape.type)];
}

/** The call of a function of the form 'one', its rows typed as `columns`. */
export function writeAsCall(
  quoteIdent: (name: string) => string,
  role: string,
  settings: Record<string, string>,
  fn: WriteAsFunction,
  write: RenderedSql,
  columns: readonly { name: string; type: string }[],
  after?: RenderedSql,
): RenderedSql {
  const placeholders = fn.types.map((type, i) => `, $${i + 3}::${type}`).join('');
  return {
    sql: `SELECT * FROM pg_temp.${fn.name}($1, $2${placeholders}) AS w(${definitionOf(quoteIdent, columns)})`,
    params: [role, Object.entries(settings).flat(), ...write.params, ...(after?.params ?? [])],
  };
}

/**
 * The call of a function of the form 'many' for `writes` (all with the same setting names): each
 * parameter goes as one bound array of the writes' values, in the writes' order.
 */
export function writeAsManyCall(
  quoteIdent: (name: string) => string,
  fn: WriteAsFunction,
  writes: readonly IdentityWrite[],
  columns: readonly { name: string; type: string }[],
): RenderedSql {
  const settingNames = Object.keys(writes[0]?.identity.settings ?? {});
  const values = writes.map((w) => [...w.statement.params, ...(w.after?.params ?? [])]);
  for (const { identity } of writes) {
    const names = Object.keys(identity.settings);
    if (names.length !== settingNames.length || names.some((n) => !settingNames.includes(n)))
      throw new Error('Writes sharing a call must set the same settings.');
  }
  const placeholders = fn.types.map((type, i) => `, $${i + 4}::${type}[]`).join('');
  return {
    sql: `SELECT * FROM pg_temp.${fn.name}($1, $2, $3${placeholders}) AS w(${definitionOf(quoteIdent, columns)})`,
    params: [
      writes.map((w) => w.identity.role),
      settingNames,
      writes.flatMap((w) => settingNames.map((n) => w.identity.settings[n]!)),
      ...fn.types.map((_, i) => values.map((v) => v[i])),
    ],
  };
}

const definitionOf = (quoteIdent: (name: string) => string, columns: readonly { name: string; type: string }[]) =>
  columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');

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
