import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { authenticateLocalUser } from '../../governance/identity/local-users.js';
import type { Principal } from '../../governance/principal.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requirePrincipal, SESSION_COOKIE, setSessionCookie } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

export const loginSchema = z.strictObject({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });

export function publicUser(principal: Principal) {
  return { id: principal.id, username: principal.username, displayName: principal.displayName, roles: principal.roles, attributes: principal.attributes };
}

export function authRoutes(runtime: ProjectRuntime, options: { secureCookies: boolean }) {
  return async (app: FastifyInstance) => {
    app.post('/api/auth/login', async (request, reply) => {
      const body = parseInput(loginSchema, request.body, 'login');
      const principal = await authenticateLocalUser(runtime.current().config, body.username, body.password);
      if (!principal) throw new AppError('AUTH_INVALID_CREDENTIALS', 'Invalid username or password.');
      // A fresh session id at every login: a planted cookie never becomes an authenticated session.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await runtime.sessions.delete(previous);
      const { id, session } = await runtime.sessions.create(principal.id);
      setSessionCookie(reply, id, options.secureCookies);
      return { user: publicUser(principal), csrfToken: session.csrfToken };
    });

    app.get('/api/auth/me', async (request) => ({ user: publicUser(requirePrincipal(request)), csrfToken: request.session!.csrfToken }));

    app.post('/api/auth/logout', async (request, reply) => {
      await runtime.sessions.delete(request.session!.id);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });
  };
}
