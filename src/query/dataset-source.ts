import type { ResolvedDataset, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies, buildRowPredicate } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import { coerceValue } from '../warehouse/coerce-value.js';
import type { Dialect } from '../warehouse/dialect.js';
import { ident, join, raw, sql, table as tableRef, typed, type SqlFragment } from '../warehouse/sql.js';

const PARAM_TYPES = { string: 'VARCHAR', number: 'DOUBLE PRECISION', date: 'DATE', boolean: 'BOOLEAN' } as const;

/**
 * The inner SELECT of a dataset with its `:name` parameters bound and typed.
 * Unknown parameters and wrongly typed values are refused, never spliced.
 */
export function buildDatasetSource(dataset: ResolvedDataset, dialect: Dialect, input: Record<string, unknown>): SqlFragment {
  const declared = dataset.config.params;
  const problems: string[] = [];
  for (const name of Object.keys(input)) if (!declared[name]) problems.push(`unknown parameter '${name}'`);
  const values = new Map<string, ReturnType<typeof typed>>();
  for (const [name, spec] of Object.entries(declared)) {
    const raw = name in input ? input[name] : (spec.default ?? null);
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

/** A writable table read as a dataset: its exposed columns, limited by the user's read policy. */
export function buildTableSource(table: ResolvedTable, principal: Principal, input: Record<string, unknown>): SqlFragment {
  if (Object.keys(input).length) throw new AppError('QRY_INVALID_PARAM', `Table dataset ${table.name} takes no parameters; use filters.`, {});
  const predicate = buildRowPredicate(readRowPolicies(table, principal), principal, ident);
  return sql`SELECT ${join(table.columns.map((c) => ident(c.name)), ', ')} FROM ${tableRef(table.qualifiedName)} WHERE COALESCE(${predicate}, FALSE)`;
}
