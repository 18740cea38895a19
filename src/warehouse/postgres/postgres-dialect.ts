import { ansiDialect } from '../ansi-dialect.js';

/** PostgreSQL: unqualified tables live in `public`. */
export const postgresDialect = ansiDialect('postgres', 'public');
