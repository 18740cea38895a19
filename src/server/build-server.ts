import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '../errors/index.js';
import { ChangeBus } from '../live/change-bus.js';
import { connectChangeRelay } from '../live/change-relay.js';
import type { ProjectRuntime } from '../runtime/open-project.js';
import { installAuth } from './auth-plugin.js';
import { installErrorHandler } from './error-handler.js';
import { buildOpenApiDocument } from './openapi.js';
import { appRoutes } from './routes/app-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { dataRoutes } from './routes/data-routes.js';
import { eventRoutes } from './routes/event-routes.js';

export interface ServerOptions {
  /** Built SPA folder; default `dist/web` next to the compiled server. */
  webDir?: string;
  logLevel?: string;
  secureCookies?: boolean;
  bus?: ChangeBus;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildServer(runtime: ProjectRuntime, options: ServerOptions = {}): Promise<{ app: FastifyInstance; bus: ChangeBus }> {
  const bus = options.bus ?? new ChangeBus();
  const app = Fastify({ logger: { level: options.logLevel ?? 'info' }, bodyLimit: BODY_LIMIT_BYTES, trustProxy: false });
  installErrorHandler(app);
  await app.register(fastifyCookie);
  // The API speaks JSON only: without Fastify's default text/plain parser, other bodies get 415 REQ_UNSUPPORTED_MEDIA.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });
  installAuth(app, runtime);
  const disconnectRelay = await connectChangeRelay(runtime.system, bus, (error) => app.log.error({ err: error }, 'change relay failed'));
  app.addHook('onClose', async () => disconnectRelay());
  app.get('/api/health', async () => ({ ok: true }));
  app.get('/api/openapi.json', async () => buildOpenApiDocument(process.env.npm_package_version ?? '0.1.0'));
  await app.register(authRoutes(runtime, { secureCookies: options.secureCookies ?? false }));
  await app.register(appRoutes(runtime));
  await app.register(dataRoutes(runtime, bus));
  await app.register(eventRoutes(runtime, bus));

  const webDir = options.webDir ?? defaultWebDir();
  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      throw new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    }
    return reply.sendFile('index.html');
  });
  return { app, bus };
}

function defaultWebDir(): string {
  // dist/server/build-server.js → dist/web; src/server/build-server.ts → dist/web
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'dist', 'web');
}
