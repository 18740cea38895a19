import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../../errors/index.js';
import { buildOidcIdentity } from '../../governance/identity/oidc-claims.js';
import type { OidcClient } from '../../governance/identity/oidc-client.js';
import { PENDING_LOGIN_TTL_MS, savePendingLogin, takePendingLogin } from '../../governance/identity/oidc-pending-logins.js';
import { signInOidcUser } from '../../governance/identity/oidc-users.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { SESSION_COOKIE, setSessionCookie } from '../auth-plugin.js';

/** Holds the id of the login in progress between the redirect to the provider and its callback. */
export const OIDC_LOGIN_COOKIE = 'rt_oidc';
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
const COOKIE_PATH = '/api/auth/oidc';

/** Only an SPA hash route (`#/budget/overview`) may be returned to: never another site. */
export const oidcLoginQuerySchema = z.looseObject({
  returnTo: z
    .string()
    .max(300)
    .regex(/^#\/[A-Za-z0-9_\-./%]*$/, 'a hash route of the web app, such as #/budget/overview')
    .optional()
    .describe('Hash route of the web app to open after the login.'),
});

export interface OidcRouteOptions {
  secureCookies: boolean;
}

/**
 * Single sign-on with the provider of identity.oidc. Both redirect routes are
 * browser navigations: they answer with redirects, failures included
 * (`/#/login?error=<code>`, which the login page explains).
 */
export function oidcRoutes(runtime: ProjectRuntime, options: OidcRouteOptions) {
  return async (app: FastifyInstance) => {
    app.get('/api/auth/providers', async () => {
      const oidc = runtime.oidc();
      return { oidc: oidc ? { label: oidc.settings.buttonLabel } : null };
    });

    app.get('/api/auth/oidc/login', async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      try {
        const oidc = requireOidc(runtime);
        const query = oidcLoginQuerySchema.safeParse(request.query);
        const returnTo = query.success ? (query.data.returnTo ?? null) : null;
        const redirectUri = oidc.settings.redirectUri ?? `${request.protocol}://${request.host}${OIDC_CALLBACK_PATH}`;
        const { authorizationUrl, pending } = await oidc.startLogin(redirectUri, returnTo);
        const id = await savePendingLogin(runtime.system, pending);
        // Lax, not Strict: the provider's redirect back is a navigation from another site, and must carry the cookie.
        void reply.setCookie(OIDC_LOGIN_COOKIE, id, {
          path: COOKIE_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: options.secureCookies,
          maxAge: PENDING_LOGIN_TTL_MS / 1000,
        });
        return reply.redirect(authorizationUrl, 302);
      } catch (error) {
        return redirectToLogin(request, reply, error);
      }
    });

    app.get(OIDC_CALLBACK_PATH, async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      void reply.clearCookie(OIDC_LOGIN_COOKIE, { path: COOKIE_PATH });
      try {
        const oidc = requireOidc(runtime);
        const callbackQuery = new URLSearchParams(request.url.split('?')[1] ?? '');
        const loginId = request.cookies[OIDC_LOGIN_COOKIE];
        const pending = loginId ? await takePendingLogin(runtime.system, loginId) : undefined;
        if (!pending || !isSameText(callbackQuery.get('state'), pending.state)) {
          throw new AppError(
            'AUTH_OIDC_STATE',
            'This sign-in was not started in this browser, took longer than 10 minutes or was already used; start it again.',
          );
        }
        const { claims, tokens } = await oidc.finishLogin(callbackQuery, pending);
        const identity = buildOidcIdentity(claims, oidc.settings.claims);
        const principal = await signInOidcUser(runtime.identity, oidc.settings.issuer.href, identity);
        // Exactly as a password login: a fresh session id, so a planted cookie never becomes an authenticated session.
        const previous = request.cookies[SESSION_COOKIE];
        if (previous) await runtime.sessions.delete(previous);
        const { id } = await runtime.sessions.create(principal.id);
        // Kept only where the warehouse runs statements with them, sealed with the new session's id.
        if (runtime.usesUserTokens()) await runtime.sessionTokens.keep(id, principal.id, tokens);
        setSessionCookie(reply, id, options.secureCookies);
        request.log.info({ username: principal.username, roles: principal.roles }, 'single sign-on login');
        return reply.redirect(`/${pending.returnTo ?? ''}`, 302);
      } catch (error) {
        return redirectToLogin(request, reply, error);
      }
    });
  };
}

function requireOidc(runtime: ProjectRuntime): OidcClient {
  const oidc = runtime.oidc();
  if (!oidc) throw new AppError('AUTH_OIDC_NOT_CONFIGURED', 'Single sign-on is not configured (identity.oidc in roundtrip.yaml).');
  return oidc;
}

/** Sends the browser back to the login page with the code; the log keeps the message, details and cause. */
function redirectToLogin(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (isAppError(error)) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    request.log.warn({ code: error.code, details: error.details, cause }, error.message);
  } else request.log.error({ err: error }, 'single sign-on failed');
  const code = isAppError(error) ? error.code : 'INTERNAL';
  return reply.redirect(`/#/login?error=${code}`, 302);
}

function isSameText(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
