import type { FastifyInstance } from 'fastify';
import type { ChangeBus } from '../../live/change-bus.js';
import { visibleChanges } from '../../live/visible-change.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requirePrincipal } from '../auth-plugin.js';

const HEARTBEAT_MS = 20_000;

/** Server-sent events: `change` for every committed changeset the user may see. */
export function eventRoutes(runtime: ProjectRuntime, bus: ChangeBus) {
  return async (app: FastifyInstance) => {
    app.get('/api/events', async (request, reply) => {
      const principal = requirePrincipal(request);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      out.write(': connected\nretry: 2000\n\n');
      const unsubscribe = bus.subscribe((event) => {
        for (const change of visibleChanges(runtime.current(), principal, event)) {
          out.write(`event: change\nid: ${change.changesetId}\ndata: ${JSON.stringify(change)}\n\n`);
        }
      });
      const heartbeat = setInterval(() => out.write(': ping\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    });
  };
}
