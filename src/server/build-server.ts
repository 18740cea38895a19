import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { AppError } from '../errors/index.js';
import { ChangeBus } from '../live/change-bus.js';
import { connectChangeRelay } from '../live/change-relay.js';
import { PresenceHub } from '../live/presence-hub.js';
import { connectPresenceRelay } from '../live/presence-relay.js';
import type { ProjectRuntime } from '../runtime/open-project.js';
import { installAuth } from './auth-plugin.js';
import { installErrorHandler, sendError, toAppError } from './error-handler.js';
import { indexParts, type IndexParts, streamIndex } from './index-page.js';
import { answerClientError, captureSecurityHeaders } from './protocol-errors.js';
import { installPreview } from './preview-plugin.js';
import { buildOpenApiDocument } from './openapi.js';
import { adminRoutes } from './routes/admin-routes.js';
import { appRoutes } from './routes/app-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { approvalRoutes } from './routes/approval-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { embedRoutes } from './routes/embed-routes.js';
import { commentRoutes } from './routes/comment-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { dataRoutes } from './routes/data-routes.js';
import { appPageRoutes, firstViewRoutes } from './routes/first-view-routes.js';
import { definitionRoutes } from './routes/definition-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { presenceRoutes } from './routes/presence-routes.js';
import { oidcRoutes } from './routes/oidc-routes.js';
import { tokenRoutes } from './routes/token-routes.js';

export interface ServerOptions {
  /** Built SPA folder; default `dist/web` next to the compiled server. */
  webDir?: string;
  logLevel?: string;
  secureCookies?: boolean;
  bus?: ChangeBus;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface ApiRoute {
  method: string;
  url: string;
}

export async function buildServer(runtime: ProjectRuntime, options: ServerOptions = {}): Promise<{ app: FastifyInstance; bus: ChangeBus; routes: ApiRoute[] }> {
  const bus = options.bus ?? new ChangeBus();
  // One helmet middleware for the server's life: the Fastify wrapper would rebuild it, CSP included, at every request.
  const webDir = options.webDir ?? defaultWebDir();
  const setSecurityHeaders = helmet(securityHeaders(options.secureCookies ?? false, inlineScriptHashes(join(webDir, 'index.html'))));
  const rawSecurityHeaders = captureSecurityHeaders(setSecurityHeaders);
  const app: FastifyInstance = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    // Request ids are in every log line and handed to clients with errors: unique across servers and restarts.
    genReqId: () => randomUUID(),
    // A missing Host is refused below, in the API's error shape, instead of by Node with an empty 400.
    http: { requireHostHeader: false },
    // Errors of Node's HTTP parser (bad framing, oversized headers, timeouts) arrive before any request exists.
    clientErrorHandler: (error, socket) => answerClientError(error, socket, rawSecurityHeaders, app.log),
    // Errors Fastify's router raises before any hook runs (bad percent-encoding, an overlong path segment).
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request.raw, reply.raw, () => undefined);
      void reply.header('x-request-id', request.id);
      sendError(toAppError(error), error, request, reply);
    },
  });
  installErrorHandler(app);
  // Every API route, so a test can hold the OpenAPI document to the server's real surface.
  const routes: ApiRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  await app.register(fastifyCookie);
  // The API speaks JSON only: without Fastify's default text/plain parser, other bodies get 415 REQ_UNSUPPORTED_MEDIA.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    setSecurityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
  app.addHook('onRequest', async (request) => {
    if (request.raw.httpVersion === '1.1' && !request.headers.host) throw new AppError('REQ_MALFORMED_HTTP', 'An HTTP/1.1 request must send a Host header.');
  });
  installAuth(app, runtime);
  installPreview(app, runtime);
  const disconnectRelay = await connectChangeRelay(runtime.system, bus, (error) => app.log.error({ err: error }, 'change relay failed'));
  app.addHook('onClose', async () => disconnectRelay());
  const presence = new PresenceHub();
  const disconnectPresence = await connectPresenceRelay(runtime.system, presence, (error) => app.log.error({ err: error }, 'presence relay failed'));
  app.addHook('onClose', async () => {
    presence.close();
    await disconnectPresence();
  });
  // Every commit, here or on another server, gets sealed into the audit chain moments later.
  const stopSealing = bus.subscribe((event) => {
    if (!event.comment && !event.approval) runtime.sealer.schedule();
  });
  app.addHook('onClose', async () => stopSealing());
  app.get('/api/health', async () => ({ ok: true }));
  app.get('/api/openapi.json', async () => buildOpenApiDocument(process.env.npm_package_version ?? '0.1.0'));
  await app.register(authRoutes(runtime, { secureCookies: options.secureCookies ?? false }));
  await app.register(oidcRoutes(runtime, { secureCookies: options.secureCookies ?? false }));
  await app.register(appRoutes(runtime));
  await app.register(dataRoutes(runtime, bus));
  await app.register(firstViewRoutes(runtime));
  await app.register(eventRoutes(runtime, bus, presence));
  await app.register(presenceRoutes(runtime, presence));
  await app.register(auditRoutes(runtime, bus));
  await app.register(commentRoutes(runtime, bus));
  await app.register(adminRoutes(runtime));
  await app.register(definitionRoutes(runtime));
  await app.register(tokenRoutes(runtime));
  await app.register(approvalRoutes(runtime, bus));
  await app.register(exportRoutes(runtime));

  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false });
  // The embed script is loaded by host products' pages on other sites.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.split('?')[0] === '/embed.js') void reply.header('cross-origin-resource-policy', 'cross-origin');
  });
  const sendIndex = hasWeb ? indexSender(join(webDir, 'index.html')) : undefined;
  await app.register(embedRoutes(runtime, { secureCookies: options.secureCookies ?? false, sendIndex }));
  if (sendIndex) await app.register(appPageRoutes(runtime, sendIndex));
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      throw new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    }
    return reply.sendFile('index.html');
  });
  return { app, bus, routes };
}

/**
 * Sends the UI's index.html; with a page-opening answer on its way, that
 * answer travels inside the page as JSON data (read by the page's early
 * script instead of asking for it), streamed by `streamIndex`: the head
 * leaves at once, so the browser starts the page and runs the early script
 * while the answer is computed; the page, now the viewer's own, is never cached.
 */
function indexSender(indexHtml: string) {
  let parts: IndexParts | undefined;
  return (reply: FastifyReply, firstView?: Promise<unknown>): FastifyReply => {
    if (firstView === undefined) return reply.sendFile('index.html');
    parts ??= indexParts(readFileSync(indexHtml, 'utf8'), indexHtml);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(streamIndex(parts, firstView));
  };
}

/**
 * The CSP source of each inline script of the built index.html (`'sha256-…'`): the page's
 * early script that sends the page-opening request and paints its KPIs (web/src/first-view/early.ts). Only these
 * exact scripts run inline; any other inline script stays refused.
 */
function inlineScriptHashes(indexHtml: string): string[] {
  if (!existsSync(indexHtml)) return [];
  return [...readFileSync(indexHtml, 'utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
}

/**
 * Helmet's headers with a Content-Security-Policy the SPA works under: the
 * Vite build loads same-origin scripts and one inline script allowed by its hash; the grid and
 * chart libraries set inline styles and draw images from data:/blob: URLs.
 * Framing is refused outright (clickjacking on edit buttons).
 */
function securityHeaders(secure: boolean, inlineScripts: readonly string[]): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScripts],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Upgrading requests would break a plain-HTTP deployment such as the local demo.
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where the server is meant to be reached over HTTPS.
    strictTransportSecurity: secure ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true } : false,
  };
}

function defaultWebDir(): string {
  // dist/server/build-server.js → dist/web; src/server/build-server.ts → dist/web
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'dist', 'web');
}
