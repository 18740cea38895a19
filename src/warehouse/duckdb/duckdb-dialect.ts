import { ansiDialect } from '../ansi-dialect.js';
import { ident, join, sql } from '../sql.js';

/**
 * DuckDB: unqualified tables live in `main`. Staged rows travel as one JSON
 * array of text per column (bound as one VARCHAR each, read with the built-in
 * json extension) and are zipped by `unnest` in one SELECT list.
 */
export const duckdbDialect = ansiDialect('duckdb', 'main', {
  encode: (values) => JSON.stringify(values),
  asTextArray: (placeholder) => sql`CAST(CAST(${placeholder} AS JSON) AS VARCHAR[])`,
  zip: (arrays, names) =>
    sql`(SELECT ${join(
      arrays.map((array, i) => sql`unnest(${array}) AS ${ident(names[i]!)}`),
      ', ',
    )})`,
});
