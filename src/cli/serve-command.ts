import { openProject } from '../runtime/open-project.js';
import { watchProject } from '../runtime/watch-project.js';
import { buildServer } from '../server/build-server.js';
import { seedProgressBar } from './progress.js';

export interface ServeOptions {
  projectDir: string;
  port: number;
  host: string;
  dataDir?: string;
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const progress = seedProgressBar();
  const runtime = await openProject(options.projectDir, { dataDir: options.dataDir, onSeedProgress: progress.onProgress }).finally(progress.stop);
  const { app } = await buildServer(runtime, { logLevel: process.env.ROUNDTRIP_LOG_LEVEL ?? 'warn' });
  const stopWatching = watchProject(runtime, (outcome) => {
    if (outcome.ok) app.log.warn('project files changed: apps reloaded');
    else app.log.error(`project files changed but are invalid; still serving the previous definitions:\n${describe(outcome.error)}`);
  });
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}`;
  const config = runtime.current().config;
  process.stdout.write(`\nRoundtrip is running: ${url}\nProject: ${config.name} (${runtime.dir})\nData: ${runtime.dataDir}\n`);
  if (config.users.length) {
    process.stdout.write(`\nLogins${config.seed ? ' (demo password: demo)' : ''}:\n`);
    for (const user of config.users)
      process.stdout.write(
        `  ${user.username.padEnd(10)} ${user.roles.join(', ')}${user.attributes.entities ? `  entities ${String(user.attributes.entities)}` : ''}\n`,
      );
  }
  const shutdown = async () => {
    stopWatching();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
