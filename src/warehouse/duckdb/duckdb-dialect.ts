import { ansiDialect } from '../ansi-dialect.js';

/** DuckDB: unqualified tables live in `main`. */
export const duckdbDialect = ansiDialect('duckdb', 'main');
