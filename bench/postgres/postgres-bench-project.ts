import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseDocument } from 'yaml';
import { initCommand } from '../../src/cli/init-command.js';
import type { PostgresCluster } from '../../test/support/postgres-cluster.js';
import { serveBenchProject, type BenchServer } from '../lib/serve-project.js';
import type { PostgresConnection } from './postgres-raw-write.js';

/** How the server's statements reach the database: one service role, or each user's own role and claims. */
export type IdentityMode = 'service' | 'passthrough';

const DATABASE = 'roundtrip_bench';
/** The database role the demo's `finance_director` writes as in passthrough mode. */
const DIRECTOR_ROLE = 'rt_finance_director';

/** Creates the benchmark's database in the cluster; also gives the server's version for the results. */
export async function createBenchDatabase(cluster: PostgresCluster): Promise<{ connection: PostgresConnection; serverVersion: string }> {
  const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${DATABASE}`);
    const { rows } = await client.query('SHOW server_version');
    const connection = { host: cluster.host, port: cluster.port, user: cluster.user, database: DATABASE };
    return { connection, serverVersion: String(rows[0].server_version).split(' ')[0]! };
  } finally {
    await client.end();
  }
}

/**
 * Scaffolds the demo for PostgreSQL as `roundtrip init --warehouse postgres`
 * does (its warehouse block reads PGHOST, PGPORT, PGDATABASE and PGUSER) and
 * starts the real server. The first start generates the demo data in the
 * database; later ones find it there. In passthrough mode the director's
 * writes run as a database role holding only the grants the budget app needs.
 */
export async function startPostgresBenchServer(connection: PostgresConnection, mode: IdentityMode, log: (line: string) => void): Promise<BenchServer> {
  // The scaffolded project reads its connection from these, like a user's shell would provide it.
  Object.assign(process.env, { PGHOST: connection.host, PGPORT: String(connection.port), PGDATABASE: connection.database, PGUSER: connection.user });
  const root = mkdtempSync(join(tmpdir(), `roundtrip-bench-pg-${mode}-`));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  let projectDir: string;
  try {
    projectDir = initCommand(join(root, 'project'), 'postgres');
    withoutGates(projectDir);
    if (mode === 'passthrough') {
      const configPath = join(projectDir, 'roundtrip.yaml');
      const config = parseDocument(readFileSync(configPath, 'utf8'));
      config.setIn(['warehouse', 'identity'], config.createNode({ mode: 'passthrough', roles: { finance_director: DIRECTOR_ROLE } }));
      writeFileSync(configPath, config.toString());
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  const server = await serveBenchProject(projectDir, join(root, 'data'), log, cleanup);
  // After the start, which generates the tables on a fresh database.
  if (mode === 'passthrough') {
    try {
      await grantDirectorRole(connection);
    } catch (error) {
      await server.close();
      throw error;
    }
  }
  return server;
}

/**
 * The raw side writes a cell and its audit row, nothing more; the demo's
 * validation gate (a GROUP BY over the whole budget after every write) is
 * work it does not do, so the API side is measured without it. Policies,
 * value rules and the cross-field rule stay.
 */
export function withoutGates(projectDir: string): void {
  const appPath = join(projectDir, 'apps', 'budget.yaml');
  const app = parseDocument(readFileSync(appPath, 'utf8'));
  if (!app.hasIn(['tables', 'budget_lines', 'gates'])) throw new Error('the demo budget app has no gates to leave out: update the benchmark');
  app.deleteIn(['tables', 'budget_lines', 'gates']);
  writeFileSync(appPath, app.toString());
}

/**
 * A business role as a passthrough deployment would have: reads on the
 * demo's tables, writes on the budget only. The benchmark connects as the
 * cluster's superuser, which may take any role, so no membership is needed.
 */
async function grantDirectorRole(connection: PostgresConnection): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DIRECTOR_ROLE}') THEN CREATE ROLE ${DIRECTOR_ROLE} NOLOGIN; END IF;
    END $$;
    GRANT USAGE ON SCHEMA public TO ${DIRECTOR_ROLE};
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${DIRECTOR_ROLE};
    GRANT INSERT, UPDATE, DELETE ON budget_lines TO ${DIRECTOR_ROLE};`);
  } finally {
    await client.end();
  }
}
