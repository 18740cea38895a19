import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { rowNotFound } from '../../governance/policies/index.js';
import type { PresenceHub } from '../../live/presence-hub.js';
import type { PresenceEditing } from '../../live/presence-registry.js';
import { visiblePresence } from '../../live/visible-presence.js';
import { fetchRowsByKey } from '../../query/index.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { pickKey } from '../../writeback/row-key.js';
import { parseInput } from '../parse-input.js';
import { resolveRequestApp } from './app-routes.js';
import { tabId } from './event-routes.js';
import { canonicalKey, keyValue } from './row-key-input.js';

const name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'names are letters, digits, - and _')
  .max(128);

export const presenceBodySchema = z.strictObject({
  tab: tabId.describe('The tab id the browser also opened /api/events?tab= with; closing that stream ends this presence.'),
  page: name.describe('The page id the tab shows.'),
  editing: z
    .strictObject({ block: name, table: name, key: z.record(z.string().max(128), keyValue) })
    .optional()
    .describe('The row whose editor is open: the grid block, its table and the row key. Omitted: no row.'),
});

const leaveParams = z.looseObject({ tab: tabId });

/**
 * Presence: a tab announces the page it shows and the row it edits (again
 * every heartbeat, or it lapses); others on the app get `presence` events.
 * The announced row is read through the user's read path first: a row they
 * may not read is refused (404, like every read of one) and never announced.
 */
export function presenceRoutes(runtime: ProjectRuntime, presence: PresenceHub) {
  return async (app: FastifyInstance) => {
    app.post('/api/apps/:app/presence', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const body = parseInput(presenceBodySchema, request.body, 'presence');
      const page = resolved.config.pages.find((p) => p.id === body.page);
      if (!page) throw new AppError('PAGE_NOT_FOUND', `App ${resolved.name} has no page '${body.page}'.`, { page: body.page });
      let editing: PresenceEditing | undefined;
      if (body.editing) {
        const { block: blockId, table: tableName, key: keyInput } = body.editing;
        const block = page.blocks.find((b) => b.id === blockId);
        const table = resolved.tables.get(tableName);
        if (!block || block.type !== 'grid' || block.table !== tableName || !table) {
          throw new AppError('BLOCK_NOT_FOUND', `Page ${page.id} has no grid '${blockId}' on table '${tableName}'.`, { block: blockId, table: tableName });
        }
        const key = canonicalKey(table, keyInput);
        const [row] = await fetchRowsByKey(runtime.warehouse, table, principal, [key], runtime.identityFor(principal));
        if (!row) throw rowNotFound(table, key);
        // The key as change events carry it, so clients match the two alike.
        editing = { block: blockId, table: tableName, key: pickKey(table, row), row };
      }
      presence.announce({ tab: body.tab, userId: principal.id, displayName: principal.displayName, app: resolved.name, page: page.id, editing });
      return visiblePresence(runtime.current(), principal, resolved.name, presence.registry.of(resolved.name));
    });

    app.delete('/api/apps/:app/presence/:tab', async (request) => {
      const { principal } = resolveRequestApp(runtime, request, request.params);
      const { tab } = parseInput(leaveParams, request.params, 'path');
      presence.leave(principal.id, tab);
      return { ok: true };
    });
  };
}
