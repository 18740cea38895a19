import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import { provisionSqlParser } from './tools/sql-parser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { host: string; port: number; user: string };
    /** Folder of the run's seeded warehouse templates (test/support/seed-templates.ts). */
    seedTemplates: string;
  }
}

interface RunResources {
  cluster: Promise<PostgresCluster>;
  /** The SQL parser of the dialect tests, installed here once when missing (files asking for it later find it). */
  sqlParser: Promise<string>;
  seedTemplates: string;
  users: number;
}

// Vitest runs the global setup once per project (the root and each of vitest.config.ts's projects), each
// in its own module instance: they share the run's resources through the main process's global object.
const shared = globalThis as { roundtripRun?: RunResources };

/** One PostgreSQL cluster and one template folder for the whole run; each test file makes its own databases. */
export default async function setup(project: TestProject) {
  shared.roundtripRun ??= {
    cluster: startPostgresCluster(),
    sqlParser: provisionSqlParser(),
    seedTemplates: mkdtempSync(join(tmpdir(), 'roundtrip-seeds-')),
    users: 0,
  };
  const run = shared.roundtripRun;
  run.users += 1;
  await run.sqlParser;
  const { host, port, user } = await run.cluster;
  project.provide('postgres', { host, port, user });
  project.provide('seedTemplates', run.seedTemplates);
  return async () => {
    run.users -= 1;
    if (run.users > 0) return;
    shared.roundtripRun = undefined;
    rmSync(run.seedTemplates, { recursive: true, force: true });
    await (await run.cluster).stop();
  };
}
