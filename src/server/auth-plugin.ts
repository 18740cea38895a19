import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.js';
import { findLocalUser } from '../governance/identity/local-users.js';
import type { Session } from '../governance/identity/session-store.js';
import type { Principal } from '../governance/principal.js';
import type { ProjectRuntime } from '../runtime/open-project.js';

export const SESSION_COOKIE = 'rt_session';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PUBLIC_ROUTES = new Set(['/api/auth/login', '/api/health', '/api/openapi.json']);

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    session?: Session & { id: string };
  }
}

/** Resolves the session cookie to a principal and enforces CSRF on state-changing calls. */
export function installAuth(app: FastifyInstance, runtime: ProjectRuntime): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/api/') || PUBLIC_ROUTES.has(path)) return;
    const id = request.cookies[SESSION_COOKIE];
    const session = id ? await runtime.sessions.fetch(id) : undefined;
    const principal = session ? findLocalUser(runtime.current().config, session.userId) : undefined;
    if (!id || !session || !principal) throw new AppError('AUTH_REQUIRED', 'Log in first (POST /api/auth/login).');
    if (STATE_CHANGING.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('AUTH_CSRF', 'Send the X-CSRF-Token header you received at login.');
    }
    request.session = { ...session, id };
    request.principal = principal;
  });
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('AUTH_REQUIRED', 'Log in first (POST /api/auth/login).');
  return request.principal;
}

export function setSessionCookie(reply: FastifyReply, id: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}
