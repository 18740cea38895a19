import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.js';
import { authenticateApiToken } from '../governance/identity/api-tokens.js';
import { findSessionPrincipal } from '../governance/identity/local-users.js';
import { attachWarehouseToken } from '../governance/identity/principal-tokens.js';
import type { Session } from '../governance/identity/session-store.js';
import { assertTokenScope, isAppInScope } from '../governance/identity/token-scope.js';
import type { ApiToken } from '../governance/identity/token-store.js';
import { hasAnyRole, type Principal } from '../governance/principal.js';
import type { ProjectRuntime } from '../runtime/open-project.js';

export const SESSION_COOKIE = 'rt_session';
/** The role that may manage users and read admin changes. */
export const ADMIN_ROLE = 'admin';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PUBLIC_ROUTES = new Set([
  '/api/auth/login',
  '/api/auth/providers',
  '/api/auth/oidc/login',
  '/api/auth/oidc/callback',
  '/api/embed/session',
  '/api/health',
  '/api/openapi.json',
]);

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    session?: Session & { id: string };
    /** Set when the request authenticated with `Authorization: Bearer rt_…` instead of a session. */
    apiToken?: ApiToken;
  }
}

/**
 * Resolves the bearer token or the session cookie to a principal; enforces
 * token scopes, and CSRF on state-changing cookie calls (a bearer token is
 * never sent by a browser on its own, so it needs no CSRF token).
 */
export function installAuth(app: FastifyInstance, runtime: ProjectRuntime): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // The matched route, not the raw request target: an absolute-form target (`POST http://host/api/…`) must not skip this hook.
    const path = request.routeOptions.url ?? new URL(request.url, 'http://localhost').pathname;
    if (!path.startsWith('/api/') || PUBLIC_ROUTES.has(path)) return;
    const bearer = bearerOf(request.headers.authorization);
    if (bearer !== undefined) {
      const resolved = await authenticateApiToken(runtime.identity, bearer);
      if (!resolved) throw new AppError('AUTH_TOKEN_INVALID', 'The API token is not valid (malformed, unknown, expired or revoked, or its user is disabled).');
      assertTokenScope(resolved.token.scope, {
        method: request.method,
        url: request.routeOptions.url,
        params: (request.params ?? {}) as Record<string, unknown>,
      });
      request.principal = resolved.principal;
      request.apiToken = resolved.token;
      return;
    }
    const id = request.cookies[SESSION_COOKIE];
    const found = id ? await findSessionPrincipal(runtime.sessions, id) : undefined;
    if (!id || !found?.principal) throw new AppError('AUTH_REQUIRED', 'Log in first (POST /api/auth/login).');
    const { session, principal } = found;
    if (STATE_CHANGING.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('AUTH_CSRF', 'Send the X-CSRF-Token header you received at login.');
    }
    if (principal.apps !== undefined) assertEmbedScope(request.method, path);
    request.session = { ...session, id };
    request.principal = principal;
    if (runtime.usesUserTokens()) {
      const token = await runtime.sessionTokens.accessToken(id, session.userId);
      if (token) attachWarehouseToken(principal, token);
    }
  });

  // The app list is served by a route that knows nothing of tokens: narrow it to the token's apps here.
  app.addHook('preSerialization', async (request: FastifyRequest, _reply, payload: unknown) => {
    const token = request.apiToken;
    if (!token || request.routeOptions.url !== '/api/apps' || request.method !== 'GET') return payload;
    const list = payload as { apps?: { name: string }[] };
    return Array.isArray(list.apps) ? { ...list, apps: list.apps.filter((a) => isAppInScope(token.scope, a.name)) } : payload;
  });
}

/** Routes an embedded viewer never calls: credentials, users, tokens, delegations and administration. */
const EMBED_FORBIDDEN = [/^\/api\/admin\//, /^\/api\/tokens(\/|$)/, /^\/api\/approvals\/delegation$/, /^\/api\/approvals\/bulk-approve$/];

function assertEmbedScope(method: string, path: string): void {
  if (EMBED_FORBIDDEN.some((pattern) => pattern.test(path)))
    throw new AppError('EMBED_SCOPE', 'An embedded view may not call this route; open Roundtrip itself to do this.', { route: path, method });
}

/** The principal of the request, by session or token (401 `AUTH_REQUIRED` when neither). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('AUTH_REQUIRED', 'Log in first (POST /api/auth/login).');
  return request.principal;
}

/** The principal of a logged-in session; API tokens may not manage credentials. */
export function requireSessionPrincipal(request: FastifyRequest): Principal {
  if (request.apiToken) throw new AppError('AUTH_TOKEN_SCOPE', 'API tokens cannot manage users, tokens or sessions; log in to do this.');
  return requirePrincipal(request);
}

/** The principal of a logged-in admin (403 `GOV_FORBIDDEN_ADMIN` for anyone else). */
export function requireAdmin(request: FastifyRequest): Principal {
  const principal = requireSessionPrincipal(request);
  if (!isAdmin(principal)) throw new AppError('GOV_FORBIDDEN_ADMIN', `Only users with the ${ADMIN_ROLE} role may do this.`);
  return principal;
}

/** Whether the principal holds the admin role. */
export function isAdmin(principal: Principal): boolean {
  return hasAnyRole(principal, [ADMIN_ROLE]);
}

export function setSessionCookie(reply: FastifyReply, id: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

/**
 * The credential of an `Authorization: Bearer …` header. Other schemes (e.g.
 * Basic auth of a proxy in front) are not ours: undefined, the cookie decides.
 */
function bearerOf(header: string | undefined): string | undefined {
  if (header === undefined || !/^Bearer(\s|$)/i.test(header)) return undefined;
  return header.slice('Bearer'.length).trim();
}
