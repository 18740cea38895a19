import { ansiDialect } from '../ansi-dialect.js';
import { ident, join, raw, sql } from '../sql.js';

/**
 * PostgreSQL: unqualified tables live in `public`. Staged rows travel as one
 * `text[]` per column (node-postgres serialises JS arrays) and are zipped by
 * the multi-argument `unnest` in FROM.
 */
export const postgresDialect = ansiDialect('postgres', 'public', {
  encode: (values) => [...values],
  asTextArray: (placeholder) => sql`CAST(${placeholder} AS TEXT[])`,
  zip: (arrays, names) => sql`unnest(${join(arrays, ', ')}) AS ${raw('u')}(${join(names.map(ident), ', ')})`,
});
