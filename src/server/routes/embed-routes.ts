import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { embedUsername, signInEmbedUser, type EmbedView } from '../../embedding/embed-users.js';
import { recordRevocation, revokedBefore } from '../../embedding/embed-revocations.js';
import { EmbedTokenVerifier } from '../../embedding/verify-embed-token.js';
import { AppError } from '../../errors/index.js';
import { findSessionPrincipal } from '../../governance/identity/local-users.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requireAdmin, SESSION_COOKIE } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';
import { publicUser } from './auth-routes.js';
import { buildFirstView } from './first-view-routes.js';
import { canOpenApp } from '../../governance/principal.js';

export const EMBED_SESSION_PATH = '/api/embed/session';
const tokenBody = z.strictObject({ token: z.string().min(10).max(8192) });
const tokenQuery = z.looseObject({ token: z.string().min(10).max(8192).optional() });
const embedParams = z.looseObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an embedding name') });

export interface EmbedRouteOptions {
  secureCookies: boolean;
  /** Serves the UI's index.html (absent when the server has no built UI). */
  sendIndex?: (reply: FastifyReply, firstView?: Promise<unknown>) => FastifyReply;
}

/**
 * Embedding: a host product's backend signs a short-lived token for its
 * viewer; `/embed/<app>/<page>?token=…` (an iframe) or `POST
 * /api/embed/session` (a script) exchanges it for a session of the viewer as
 * a user of source `embed`, and the token leaves the address at once (303
 * to the same page without it). Embedded pages may be framed only by the
 * embedding's registered origins. An admin revokes an embedding: its
 * tokens signed until then are refused and its viewers' sessions end (and
 * with them their live streams).
 */
export function embedRoutes(runtime: ProjectRuntime, options: EmbedRouteOptions) {
  const verifier = new EmbedTokenVerifier(() => runtime.current().config, runtime.dir);
  const cookie = (request: FastifyRequest, reply: FastifyReply, id: string) => {
    // Framed by another site, the cookie must be SameSite=None, which browsers accept only with Secure: behind
    // HTTPS, or on a loopback address (a secure context to browsers). Partitioned: kept per host site (CHIPS).
    const framable = options.secureCookies || isLoopback(request.headers.host);
    void reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: framable ? 'none' : 'lax', secure: framable, partitioned: framable });
  };

  const exchange = async (request: FastifyRequest, reply: FastifyReply, token: string) => {
    const verified = await verifier.verify(token, (name) => revokedBefore(runtime.system, name));
    const app = runtime.current().apps.get(verified.claims.app);
    if (!app || (verified.claims.page && !app.config.pages.some((p) => p.id === verified.claims.page))) {
      throw new AppError('EMBED_APP_FORBIDDEN', `The project has no page ${verified.claims.app}/${verified.claims.page ?? ''}.`, { app: verified.claims.app });
    }
    const { principal, view } = await signInEmbedUser(runtime.identity, verified);
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await runtime.sessions.delete(previous);
    const { id, session } = await runtime.sessions.create(principal.id);
    cookie(request, reply, id);
    return { principal, view, csrfToken: session.csrfToken, origins: verified.config.origins };
  };

  return async (app: FastifyInstance) => {
    app.post(EMBED_SESSION_PATH, async (request, reply) => {
      const { token } = parseInput(tokenBody, request.body, 'embed session');
      const { principal, view, csrfToken } = await exchange(request, reply, token);
      return { user: publicUser(principal), csrfToken, embed: view };
    });

    app.post('/api/admin/embeddings/:name/revoke', async (request) => {
      const admin = requireAdmin(request);
      const { name } = parseInput(embedParams, request.params, 'path');
      if (!Object.hasOwn(runtime.current().config.embeddings, name)) {
        throw new AppError('EMBED_NOT_FOUND', `The project declares no embedding '${name}'.`, { embedding: name });
      }
      const now = Date.now();
      const viewers = await recordRevocation(runtime.system, name, now);
      for (const username of viewers) await runtime.sessions.deleteForUser(username);
      await runtime.identity.audit(
        { username: admin.username, kind: 'project', target: `embeddings.${name}`, oldValue: null, newValue: { action: 'embed-revoke' } },
        now,
      );
      return { embedding: name, revokedAt: new Date(now).toISOString(), sessionsEnded: viewers.length };
    });

    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const { token } = parseInput(tokenQuery, request.query, 'query string');
      const path = request.url.split('?')[0]!;
      const { embeddings } = runtime.current().config;
      const appName = (request.params as { app: string }).app;
      // Pages that show nothing (a refused token, an ended session) may sit in any frame an embedding of the app registered.
      const anyEmbeddingOfApp = () =>
        Object.values(embeddings)
          .filter((e) => e.apps.includes(appName))
          .flatMap((e) => e.origins);
      if (token) {
        void reply.header('referrer-policy', 'no-referrer');
        try {
          const { origins } = await exchange(request, reply, token);
          allowFraming(reply, origins);
          // The token leaves the address bar (and the history, logs and Referer) at once.
          return reply.code(303).redirect(path);
        } catch (err) {
          if (!(err instanceof AppError) || !err.code.startsWith('EMBED_')) throw err;
          // In a frame, the page says the view could not open and tells the host why (no data is shown).
          allowFraming(reply, anyEmbeddingOfApp());
          return reply.code(303).redirect(`${path}?refused=${err.code}`);
        }
      }
      const id = request.cookies[SESSION_COOKIE];
      const found = id ? await findSessionPrincipal(runtime.sessions, id) : undefined;
      const viewer = found?.principal;
      const view = viewer?.attributes.embed as EmbedView | undefined;
      const embedding = view && Object.hasOwn(embeddings, view.embedding) ? embeddings[view.embedding] : undefined;
      // Only an embedding's own viewer (username <embedding>:<id>) opens the page framed by that embedding's origins.
      const ownViewer = Boolean(viewer && view && embedding && viewer.id.startsWith(embedUsername(view.embedding, '')));
      if (ownViewer) allowFraming(reply, embedding!.origins);
      else if (!viewer) allowFraming(reply, anyEmbeddingOfApp());
      if (!options.sendIndex) throw new AppError('ROUTE_NOT_FOUND', 'This server has no built UI to embed.');
      // The server knows the page and the viewer: the page-opening answer travels inside the page, computed while the browser starts.
      const app = runtime.current().apps.get(appName);
      const opening =
        ownViewer && app && canOpenApp(viewer!, app)
          ? buildFirstView(runtime, app, viewer!, (request.params as { page?: string }).page, found!.session.csrfToken).catch(() => undefined)
          : undefined;
      return options.sendIndex(reply, opening);
    };
    app.get('/embed/:app', page);
    app.get('/embed/:app/:page', page);
  };
}

function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0]!;
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Replaces the default "never framed" headers with frame-ancestors limited to the embedding's origins. */
function allowFraming(reply: FastifyReply, origins: readonly string[]): void {
  if (origins.length === 0) return;
  reply.removeHeader('x-frame-options');
  const csp = String(reply.getHeader('content-security-policy') ?? '');
  const ancestors = `frame-ancestors ${origins.join(' ')}`;
  void reply.header('content-security-policy', /frame-ancestors [^;]*/.test(csp) ? csp.replace(/frame-ancestors [^;]*/, ancestors) : `${csp};${ancestors}`);
}
