import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { parseDocument } from 'yaml';
import type { PostgresCluster } from '../../test/support/postgres-cluster.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');

export type LiveWarehouse = 'duckdb' | 'postgres';

/** The servers of one setup: viewers connect to `viewers`, the writer to `writer` (the same server when there is one). */
export interface LiveSetup {
  warehouse: LiveWarehouse;
  servers: 1 | 2;
  viewers: ServerProcess;
  writer: ServerProcess;
  close(): Promise<void>;
}

/**
 * Starts the demo on `warehouse` with one server, or two servers sharing a
 * PostgreSQL system store (change events travel between them by
 * LISTEN/NOTIFY). On PostgreSQL both servers use one warehouse database. A
 * DuckDB file can be opened by one process only, so there each server has
 * its own copy of the demo warehouse: the push path never reads the
 * warehouse, it only needs the shared system store.
 */
export async function startLiveSetup(
  warehouse: LiveWarehouse,
  servers: 1 | 2,
  cluster: PostgresCluster | undefined,
  log: (line: string) => void,
  serverDir?: string,
  duckdbThreads?: number,
): Promise<LiveSetup> {
  const root = mkdtempSync(join(tmpdir(), `roundtrip-live-${warehouse}-${servers}-`));
  const started: ServerProcess[] = [];
  try {
    const projectDir = join(root, 'project');
    cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
    const config = parseDocument(readFileSync(join(projectDir, 'roundtrip.yaml'), 'utf8'));
    const suffix = `${warehouse}_${servers}_${process.pid}`;
    if (warehouse === 'postgres') {
      if (!cluster) throw new Error('the PostgreSQL warehouse needs a cluster');
      const database = await createDatabase(cluster, `live_wh_${suffix}`);
      config.set('warehouse', config.createNode({ type: 'postgres', host: cluster.host, port: cluster.port, database, user: cluster.user }));
    }
    if (warehouse === 'duckdb' && duckdbThreads) config.setIn(['warehouse', 'threads'], duckdbThreads);
    if (servers === 2) {
      if (!cluster) throw new Error('two servers need a PostgreSQL system store');
      const database = await createDatabase(cluster, `live_sys_${suffix}`);
      config.set('systemStore', config.createNode({ type: 'postgres', host: cluster.host, port: cluster.port, database, user: cluster.user }));
    }
    writeFileSync(join(projectDir, 'roundtrip.yaml'), config.toString());
    for (let i = 0; i < servers; i += 1) {
      const t0 = performance.now();
      started.push(await startServerProcess(projectDir, join(root, `data-${i}`), serverDir));
      log(`  server ${i + 1}/${servers} (${warehouse}) ready at ${started[i]!.url} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    return {
      warehouse,
      servers,
      viewers: started[0]!,
      writer: started[servers - 1]!,
      async close() {
        for (const server of started) await server.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const server of started) await server.stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

async function createDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return name;
}
