import type { EngineScaffold } from '../engine-scaffold.js';

/** `roundtrip init --warehouse postgres`: a warehouse block reading the standard PG* variables. */
export const postgresScaffold: EngineScaffold = {
  help: 'a warehouse block that reads PGHOST, PGPORT, PGDATABASE and PGUSER',
  warehouse: {
    block: { type: 'postgres', host: { env: 'PGHOST' }, port: { env: 'PGPORT' }, database: { env: 'PGDATABASE' }, user: { env: 'PGUSER' } },
    comment: ' Add `password: { env: PGPASSWORD }` when the server asks for one; see README (PostgreSQL).',
  },
};
