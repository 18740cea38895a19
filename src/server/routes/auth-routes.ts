import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { authenticateLocalUser } from '../../governance/identity/local-users.js';
import { createLoginLimiter, loginKey, type LoginLimiter } from '../../governance/identity/login-limiter.js';
import type { Principal } from '../../governance/principal.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requirePrincipal, requireSessionPrincipal, SESSION_COOKIE, setSessionCookie } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

export const loginSchema = z.strictObject({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });

export function publicUser(principal: Principal) {
  return { id: principal.id, username: principal.username, displayName: principal.displayName, roles: principal.roles, attributes: principal.attributes };
}

export interface AuthRouteOptions {
  secureCookies: boolean;
  /** Failed-login counter; by default the one in the system store, shared by every server using it. */
  limiter?: LoginLimiter;
}

export function authRoutes(runtime: ProjectRuntime, options: AuthRouteOptions) {
  const limiter = options.limiter ?? createLoginLimiter(runtime.system);
  return async (app: FastifyInstance) => {
    app.post('/api/auth/login', async (request, reply) => {
      const body = parseInput(loginSchema, request.body, 'login');
      const key = loginKey(body.username, request.ip);
      // Refused before the password is checked: during a lockout even the right password gets 429.
      const outcome = await limiter.guard(key, () => authenticateLocalUser(runtime.system, body.username, body.password));
      if (!outcome.admitted) {
        const retryAfter = outcome.retryAfterSeconds;
        void reply.header('retry-after', String(retryAfter));
        throw new AppError('AUTH_RATE_LIMITED', `Too many failed logins; try again in ${retryAfter} seconds.`, { retryAfterSeconds: retryAfter });
      }
      const principal = outcome.result;
      if (!principal) throw new AppError('AUTH_INVALID_CREDENTIALS', 'Invalid username or password.');
      // A fresh session id at every login: a planted cookie never becomes an authenticated session.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await runtime.sessions.delete(previous);
      const { id, session } = await runtime.sessions.create(principal.id);
      setSessionCookie(reply, id, options.secureCookies);
      return { user: publicUser(principal), csrfToken: session.csrfToken };
    });

    // Also answers API tokens ("who am I"); they have no CSRF token.
    app.get('/api/auth/me', async (request) => ({
      user: publicUser(requirePrincipal(request)),
      csrfToken: request.session?.csrfToken ?? null,
      ...(await warehouseSignInOf(runtime, request.session)),
    }));

    app.post('/api/auth/logout', async (request, reply) => {
      requireSessionPrincipal(request);
      await runtime.sessions.delete(request.session!.id);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });

    app.post('/api/auth/logout-all', async (request, reply) => {
      const principal = requireSessionPrincipal(request);
      await runtime.sessions.deleteForUser(principal.id);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });
  };
}

/**
 * Where the warehouse runs statements with the user's own token: until when
 * the session's token is good (`warehouseSignIn: null` when it has none).
 * Elsewhere nothing.
 */
export async function warehouseSignInOf(
  runtime: ProjectRuntime,
  session: { id: string; userId: string } | undefined,
): Promise<{ warehouseSignIn?: { expiresAt: string } | null }> {
  if (!runtime.usesUserTokens()) return {};
  const expiresAt = session ? await runtime.sessionTokens.expiresAt(session.id, session.userId) : undefined;
  return { warehouseSignIn: expiresAt === undefined ? null : { expiresAt: new Date(expiresAt).toISOString() } };
}
