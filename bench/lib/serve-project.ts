import type { FastifyInstance } from 'fastify';
import { openProject, type ProjectRuntime } from '../../src/runtime/open-project.js';
import { buildServer } from '../../src/server/build-server.js';

export interface BenchServer {
  url: string;
  runtime: ProjectRuntime;
  close(): Promise<void>;
}

/**
 * Opens a project (generating its seed data on first start, with progress on
 * `log`) and starts the real server in this process on a free port. `cleanup`
 * runs after the server and project are closed, and also when starting fails.
 */
export async function serveBenchProject(projectDir: string, dataDir: string, log: (line: string) => void, cleanup: () => void): Promise<BenchServer> {
  const started = performance.now();
  let lastScript = '';
  let runtime: ProjectRuntime;
  let app: FastifyInstance;
  try {
    runtime = await openProject(projectDir, {
      dataDir,
      onSeedProgress: (done, total, label) => {
        if (label !== lastScript) log(label === 'done' ? `  seeded ${total} statements` : `  seeding: ${label} (statement ${done + 1}/${total})`);
        lastScript = label;
      },
    });
  } catch (error) {
    cleanup();
    throw error;
  }
  log(`  warehouse ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    ({ app } = await buildServer(runtime, { logLevel: 'silent' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await runtime.close();
    cleanup();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    async close() {
      await app.close();
      await runtime.close();
      cleanup();
    },
  };
}
