import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse, parseDocument } from 'yaml';
import { openProject, type ProjectRuntime } from '../../src/runtime/open-project.js';
import { buildServer, type ApiRoute } from '../../src/server/build-server.js';
import { declareLess } from './declare-less.js';
import { type EngineName, engineNamed, type TestEngine } from './engines.js';
import { createTestDatabase } from './postgres-database.js';
import { placeSeededDuckdb } from './seed-templates.js';

export const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
/** The UI built with its test hooks (`npm run build:web:test`); the production bundle in dist/web has none. */
export const TEST_WEB_DIR = resolve(import.meta.dirname, '../../dist/web-test');

export interface TestServer {
  url: string;
  runtime: ProjectRuntime;
  app: FastifyInstance;
  /** Every API route the server registered. */
  routes: ApiRoute[];
  projectDir: string;
  /** The warehouse engine the project runs on. */
  engine: TestEngine;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Project folder to copy (default: the demo). */
  projectDir?: string;
  /** Warehouse engine: the project's warehouse block is replaced by a fresh one of this engine. Omitted: the project's own warehouse. */
  engine?: TestEngine;
  /** Built UI to serve (default: the test build, TEST_WEB_DIR). */
  webDir?: string;
  /** `postgres`: the system store is a fresh PostgreSQL database (as for several servers) instead of the embedded file. */
  systemStore?: 'postgres';
  /**
   * Starts another server of that server's project: the same warehouse
   * settings and system store (`engine` and `systemStore` are ignored). On
   * DuckDB it opens its own copy of the warehouse file (one process per file;
   * the demo's seed is the same every time). Close it before `alongside`,
   * which owns the databases.
   */
  alongside?: TestServer;
  /** Overrides `sessions.idleMinutes` (e.g. to watch a session expire). */
  sessionIdleMs?: number;
}

/**
 * Copies a project to a temp folder, generates its data there and starts the
 * real server (with the built SPA when present) on a free port.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-test-'));
  const projectDir = join(root, 'project');
  const source = options.alongside?.projectDir ?? options.projectDir ?? DEMO_DIR;
  cpSync(source, projectDir, { recursive: true, filter: (path) => !/[\\/]\.data([\\/]|$)/.test(path) });
  const drops: (() => Promise<void>)[] = [];
  const dropAll = async () => {
    for (const drop of drops) await drop();
    rmSync(root, { recursive: true, force: true });
  };
  let runtime: ProjectRuntime | undefined;
  let started: Awaited<ReturnType<typeof buildServer>> | undefined;
  try {
    if (!options.alongside) {
      if (options.engine) drops.push(await options.engine.provision(projectDir));
      if (options.systemStore === 'postgres') drops.push(await useSystemStoreDatabase(projectDir));
    }
    const dataDir = join(root, 'data');
    await placeSeededWarehouse(projectDir, dataDir);
    runtime = await openProject(projectDir, { dataDir, sessionIdleMs: options.sessionIdleMs });
    const declares = options.engine?.declares;
    if (declares) declareLess(runtime.warehouse, declares);
    started = await buildServer(runtime, { logLevel: 'silent', webDir: options.webDir ?? TEST_WEB_DIR });
    await started.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    // A server that does not start leaves nothing behind: its databases are dropped like a closed one's.
    await started?.app.close().catch(() => undefined);
    await runtime?.close().catch(() => undefined);
    await dropAll().catch(() => undefined);
    throw error;
  }
  const { app, routes } = started;
  const engine = options.alongside?.engine ?? options.engine ?? engineNamed(runtime.warehouse.dialect.name as EngineName);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    runtime,
    app,
    routes,
    projectDir,
    engine,
    async close() {
      openServers.delete(server);
      await app.close();
      await runtime.close();
      await dropAll();
    },
  };
  openServers.add(server);
  return server;
}

/** Servers started and not closed yet, in this test process. */
const openServers = new Set<TestServer>();

/**
 * Closes the servers a test file left open; resolves to how many. A worker
 * process runs file after file: a server left open would keep its
 * warehouse, and on the in-process ClickHouse its audit tables, for the next.
 */
export async function closeLeftoverServers(): Promise<number> {
  const left = [...openServers];
  for (const server of left) await server.close().catch(() => undefined);
  return left.length;
}

/** A project on an embedded DuckDB warehouse starts from a copy of the run's seeded template of it. */
async function placeSeededWarehouse(projectDir: string, dataDir: string): Promise<void> {
  const { warehouse = { type: 'duckdb' } } = (parse(readFileSync(join(projectDir, 'roundtrip.yaml'), 'utf8')) ?? {}) as {
    warehouse?: { type: string; path?: string };
  };
  if (warehouse.type === 'duckdb') await placeSeededDuckdb(projectDir, join(dataDir, warehouse.path ?? 'warehouse.duckdb'));
}

/** Points the project's system store at a fresh database of the run's PostgreSQL cluster; resolves to its cleanup. */
async function useSystemStoreDatabase(projectDir: string): Promise<() => Promise<void>> {
  const db = await createTestDatabase();
  const file = join(projectDir, 'roundtrip.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('systemStore', doc.createNode({ type: 'postgres', host: db.host, port: db.port, database: db.database, user: db.user }));
  writeFileSync(file, doc.toString());
  return () => db.drop();
}
