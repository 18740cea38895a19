import type { ParsedSql } from '../app-model/named-params.js';
import { join, raw, type SqlFragment } from '../warehouse/sql.js';

/** Declared SQL with every `:name` replaced by its bound value; the caller has checked that each name has one. */
export function bindNamedParams(parsed: ParsedSql, values: ReadonlyMap<string, SqlFragment>): SqlFragment {
  const parts: SqlFragment[] = [];
  parsed.texts.forEach((text, i) => {
    parts.push(raw(text));
    const name = parsed.names[i];
    if (name !== undefined) parts.push(values.get(name)!);
  });
  return join(parts, '');
}
