import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openProject, type ProjectRuntime } from '../../src/runtime/open-project.js';
import { buildServer, type ApiRoute } from '../../src/server/build-server.js';
import { type EngineName, engineNamed, type TestEngine } from './engines.js';

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
}

/**
 * Copies a project to a temp folder, generates its data there and starts the
 * real server (with the built SPA when present) on a free port.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-test-'));
  const projectDir = join(root, 'project');
  cpSync(options.projectDir ?? DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  const dropWarehouse = options.engine ? await options.engine.provision(projectDir) : async () => undefined;
  const runtime = await openProject(projectDir, { dataDir: join(root, 'data') });
  const engine = options.engine ?? engineNamed(runtime.warehouse.dialect.name as EngineName);
  const { app, routes } = await buildServer(runtime, { logLevel: 'silent', webDir: options.webDir ?? TEST_WEB_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    app,
    routes,
    projectDir,
    engine,
    async close() {
      await app.close();
      await runtime.close();
      await dropWarehouse();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
