import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkCredential, type Credential } from '../../governance/identity/check-credential.js';
import { findLocalUser } from '../../governance/identity/local-users.js';
import { hashSessionId } from '../../governance/identity/session-store.js';
import type { ChangeBus } from '../../live/change-bus.js';
import type { PresenceHub } from '../../live/presence-hub.js';
import { encodeFrame, EVENT_STREAM_HEADERS, OPENING_FRAME, presenceFrame } from '../../live/sse-frames.js';
import { ViewerRegistry, type ViewerConnection, type ViewerIdentity } from '../../live/viewer-registry.js';
import { visiblePresence } from '../../live/visible-presence.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { isAdmin, requirePrincipal } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

/** A client this far behind is dropped (it reconnects and reloads) rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The tab id a browser also announces its presence under: the stream's end ends that presence. */
export const tabId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a tab id is 8 to 64 letters, digits, - or _');
const eventsQuery = z.looseObject({ tab: tabId.optional() });

/**
 * Server-sent events: `change` for every committed changeset the user may
 * see, `access` when the user's roles or attributes changed (the stream now
 * follows the new ones), and a last `end` with the reason when the session,
 * token or user no longer allows it (see `ViewerRegistry`); `presence` with
 * who else is on an app the user may open whenever that changes
 * (`visiblePresence`). A stream opened with `?tab=` ends that tab's presence
 * when it closes. HEAD answers with the stream's headers only.
 */
export function eventRoutes(runtime: ProjectRuntime, bus: ChangeBus, presence: PresenceHub) {
  return async (app: FastifyInstance) => {
    const viewers = new ViewerRegistry({
      project: () => runtime.current(),
      onError: (error) => app.log.error({ err: error }, 'checking an event stream again failed; the stream ends'),
    });
    const stopDelivering = bus.subscribe((event) => viewers.deliver(event));
    const stopChecking = runtime.sessions.onInvalidation((notice) => viewers.invalidated(notice));
    const stopPresence = presence.subscribe((appName) => {
      const project = runtime.current();
      const entries = presence.registry.of(appName);
      viewers.sendEach(`presence:${appName}`, (principal) => {
        const list = visiblePresence(project, principal, appName, entries);
        return list && encodeFrame(presenceFrame(list));
      });
    });
    // Before the server waits for its connections to end: open streams would hold it.
    app.addHook('preClose', async () => viewers.close());
    app.addHook('onClose', async () => {
      stopDelivering();
      stopChecking();
      stopPresence();
    });

    app.get('/api/events', async (request, reply) => {
      const principal = requirePrincipal(request);
      const { tab } = parseInput(eventsQuery, request.query ?? {}, 'query string');
      if (request.method === 'HEAD') return reply.headers(EVENT_STREAM_HEADERS).send();
      const authenticatedAt = Date.now() - reply.elapsedTime;
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, EVENT_STREAM_HEADERS);
      // Sends the head: from here on the body is ours to write.
      out.write(OPENING_FRAME);
      const socket = out.socket!;
      const chunked = out.chunkedEncoding;
      const connection: ViewerConnection = {
        // Straight to the socket, already framed: one write per viewer, none of the response's per-write work.
        write(frame) {
          if (socket.destroyed || out.writableEnded) return;
          if (socket.writableLength > MAX_BUFFERED_BYTES) socket.destroy();
          else socket.write(chunked ? frame.chunked : frame.raw);
        },
        end: () => out.end(),
      };
      const expiresAt = request.apiToken ? request.apiToken.expiresAt : request.session!.expiresAt;
      const close = viewers.open(streamIdentity(runtime, request), principal, expiresAt, connection, authenticatedAt);
      request.raw.on('close', () => {
        close();
        if (tab) presence.leave(principal.id, tab);
      });
    });
  };
}

/** How the request authenticated, and how to check that again. */
function streamIdentity(runtime: ProjectRuntime, request: FastifyRequest): ViewerIdentity {
  const token = request.apiToken;
  const session = request.session;
  const credential: Credential = token ? { kind: 'token', tokenId: token.id } : { kind: 'session', sessionId: session!.id, userId: session!.userId };
  const owner = token ? token.userId : session!.userId;
  // An admin previewing as another user: the stream shows that user's view while the admin may preview.
  const previewed = request.previewedBy ? request.principal!.id : undefined;
  return {
    usernames: previewed ? [owner, previewed] : [owner],
    sessionIdHash: credential.kind === 'session' ? hashSessionId(credential.sessionId) : undefined,
    tokenId: token?.id,
    async check(now) {
      const checked = await checkCredential(runtime.identity, credential, now);
      if (!checked.ok || previewed === undefined) return checked;
      const target = isAdmin(checked.principal) ? await findLocalUser(runtime.system, previewed) : undefined;
      return target ? { ...checked, principal: target } : { ok: false, reason: 'preview-ended' };
    },
  };
}
