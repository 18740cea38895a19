import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  host: string;
  port: number;
  database: string;
  user: string;
  /** Runs SQL as the cluster superuser in this database (setup and assertions). */
  admin: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database in the run's PostgreSQL cluster: empty, or a copy of `template` (seed-templates.ts). */
export async function createTestDatabase(options: { template?: string } = {}): Promise<TestDatabase> {
  const { host, port, user } = inject('postgres');
  const database = `rt_${randomBytes(5).toString('hex')}`;
  const root = new pg.Client({ host, port, user, database: 'postgres' });
  await root.connect();
  await root.query(`CREATE DATABASE ${database}${options.template ? ` TEMPLATE ${options.template}` : ''}`);
  await root.end();
  const admin = new pg.Pool({ host, port, user, database, max: 4 });
  // DROP DATABASE … WITH (FORCE) may terminate a connection the pool is still closing: not an error of the test.
  admin.on('error', () => undefined);
  admin.on('connect', (client) => client.on('error', () => undefined));
  return {
    host,
    port,
    database,
    user,
    admin,
    async drop() {
      await admin.end();
      const client = new pg.Client({ host, port, user, database: 'postgres' });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}
