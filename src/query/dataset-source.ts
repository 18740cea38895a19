import type { ResolvedApp, ResolvedDataset, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies, buildRowPredicate } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import { coerceValue } from '../warehouse/coerce-value.js';
import type { Dialect } from '../warehouse/dialect.js';
import { byDialect, definitely, ident, join, NEVER, raw, sql, table as tableRef, typed, type SqlFragment } from '../warehouse/sql.js';
import { tableWord, wordsOf } from '../writeback/read-gate.js';

/** The SQL type a declared parameter (of a dataset or an action) is bound and coerced as. */
export const PARAM_TYPES = { string: 'VARCHAR', number: 'DOUBLE PRECISION', date: 'DATE', boolean: 'BOOLEAN' } as const;

/**
 * The inner SELECT of a dataset with its `:name` parameters bound and typed.
 * Unknown parameters and wrongly typed values are refused, never spliced.
 * Read shadows are not part of it: the statement that reads the source puts
 * them in its own leading WITH (`withShadows`), since some engines (SQL
 * Server) take a WITH only at the start of a statement.
 */
export function buildDatasetSource(dataset: ResolvedDataset, dialect: Dialect, input: Record<string, unknown>): SqlFragment {
  const declared = dataset.config.params;
  const problems: string[] = [];
  for (const name of Object.keys(input)) if (!Object.hasOwn(declared, name)) problems.push(`unknown parameter '${name}'`);
  const values = new Map<string, ReturnType<typeof typed>>();
  for (const [name, spec] of Object.entries(declared)) {
    const raw = Object.hasOwn(input, name) ? input[name] : (spec.default ?? null);
    if (raw === null && spec.required) problems.push(`parameter '${name}' is required`);
    const type = dialect.parseType(PARAM_TYPES[spec.type]);
    const coerced = coerceValue(raw, type);
    if (!coerced.ok) problems.push(`parameter '${name}': ${coerced.message}`);
    values.set(name, typed(coerced.ok ? coerced.value : null, type));
  }
  if (problems.length) throw new AppError('QRY_INVALID_PARAM', `Dataset ${dataset.name}: ${problems.join('; ')}.`, { problems });
  const { texts, names } = dataset.parsed;
  const parts: SqlFragment[] = [];
  texts.forEach((text, i) => {
    parts.push(raw(text));
    if (i < names.length) parts.push(values.get(names[i]!)!);
  });
  return join(parts, '');
}

/** `statement` with the read shadows as its leading WITH (none: the statement as it is). */
export function withShadows(shadows: readonly SqlFragment[], statement: SqlFragment): SqlFragment {
  return shadows.length ? sql`WITH ${join(shadows, ', ')} ${statement}` : statement;
}

/**
 * Read policies reach SQL datasets by shadowing: for every policy-protected
 * writable table the dataset names, a CTE of the same name holds only the
 * rows the user may read, so `FROM budget_lines` in the dataset reads the CTE.
 * (Datasets may not name such tables schema-qualified; the loader refuses it.)
 */
export function buildReadShadows(dataset: ResolvedDataset, tables: Iterable<ResolvedTable>, principal: Principal): SqlFragment[] {
  const words = new Set(dataset.config.sql.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  const shadows: SqlFragment[] = [];
  for (const table of tables) {
    if (!table.readPolicies) continue;
    const name = table.qualifiedName.split('.').at(-1)!;
    if (!words.has(name.toLowerCase())) continue;
    let predicate: SqlFragment;
    try {
      predicate = buildRowPredicate(readRowPolicies(table, principal), principal, ident);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      predicate = NEVER;
    }
    // Qualified, so the CTE's own name does not shadow the table it reads.
    const qualified = byDialect((d) => tableRef(table.qualifiedName.includes('.') ? table.qualifiedName : `${d.defaultSchema}.${table.qualifiedName}`));
    shadows.push(sql`${ident(name)} AS (SELECT * FROM ${qualified} WHERE ${definitely(predicate)})`);
  }
  return shadows;
}

/**
 * A writable table read as a dataset: its exposed columns, limited by the
 * user's read policy. `from` replaces the table (e.g. by its past state).
 */
export function buildTableSource(table: ResolvedTable, principal: Principal, input: Record<string, unknown>, from?: SqlFragment): SqlFragment {
  if (Object.keys(input).length) throw new AppError('QRY_INVALID_PARAM', `Table dataset ${table.name} takes no parameters; use filters.`, {});
  const predicate = buildRowPredicate(readRowPolicies(table, principal), principal, ident);
  const source = from ? sql`(${from}) AS ${ident('t')}` : tableRef(table.qualifiedName);
  return sql`SELECT ${join(
    table.columns.map((c) => ident(c.name)),
    ', ',
  )} FROM ${source} WHERE ${definitely(predicate)}`;
}

const sqlWords = new WeakMap<ResolvedDataset, Set<string>>();

/** The words naming what a dataset reads, for the read gate (writeback/read-gate.ts): its table, or the identifiers of its SQL. */
export function datasetWords(app: ResolvedApp, name: string): Set<string> {
  const table = app.tables.get(name);
  if (table) return new Set([tableWord(table.qualifiedName)]);
  const dataset = app.datasets.get(name);
  if (!dataset) return new Set();
  let words = sqlWords.get(dataset);
  if (!words) sqlWords.set(dataset, (words = wordsOf(dataset.config.sql)));
  return words;
}
