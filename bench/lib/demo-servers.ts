import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPostgresCluster } from '../../test/support/postgres-cluster.js';
import { createBenchDatabase, startPostgresBenchServer } from '../postgres/postgres-bench-project.js';
import { type BenchServer, serveBenchProject } from './serve-project.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');

/**
 * Runs `measure` on the demo served from each warehouse in turn: a temp copy
 * on the embedded DuckDB, then a throwaway PostgreSQL cluster scaffolded as
 * `roundtrip init --warehouse postgres` does. Each server is closed (and its
 * files removed) before the next starts.
 */
export async function onDemoServers<T>(part: string, log: (line: string) => void, measure: (engine: string, server: BenchServer) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  log(`${part} on DuckDB…`);
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-bench-demo-'));
  cpSync(DEMO_DIR, join(root, 'project'), { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  const duck = await serveBenchProject(join(root, 'project'), join(root, 'data'), log, () => rmSync(root, { recursive: true, force: true }));
  try {
    results.push(await measure('DuckDB', duck));
  } finally {
    await duck.close();
  }
  log(`${part} on PostgreSQL…`);
  const cluster = await startPostgresCluster();
  try {
    const { connection } = await createBenchDatabase(cluster);
    const server = await startPostgresBenchServer(connection, 'service', log);
    try {
      results.push(await measure('PostgreSQL', server));
    } finally {
      await server.close();
    }
  } finally {
    cluster.stop();
  }
  return results;
}
