import pg from 'pg';
import type { NotificationChannel } from '../driver.js';

const RECONNECT_MS = 1000;
/** The listening connection's application_name (pg_stat_activity). */
export const LISTENER_NAME = 'roundtrip-listener';

type Handler = (payload: string) => void;

/**
 * LISTEN on one dedicated connection (a pooled one would be handed to other
 * work) for every channel of the driver; after a lost connection it
 * reconnects and listens again. One connection for all channels keeps their
 * notifications in commit order: a session invalidation committed before a
 * change event is handled before it.
 */
export function postgresNotifications(clientConfig: pg.ClientConfig, pool: pg.Pool): NotificationChannel {
  const handlers = new Map<string, Set<Handler>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const next = new pg.Client({ application_name: LISTENER_NAME, ...clientConfig });
      next.on('notification', (message) => {
        if (message.payload === undefined) return;
        for (const handler of handlers.get(message.channel) ?? []) handler(message.payload);
      });
      next.on('error', () => scheduleReconnect(next));
      next.on('end', () => scheduleReconnect(next));
      try {
        await next.connect();
        for (const channel of handlers.keys()) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        await next.end().catch(() => undefined);
        throw error;
      }
      client = next;
      return next;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  /** The connection was lost: listen again on a new one a moment later (and again after that, while it fails). */
  const scheduleReconnect = (lost: pg.Client | undefined) => {
    if (client !== lost || retry) return;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      if (handlers.size && !client) connect().catch(() => scheduleReconnect(undefined));
    }, RECONNECT_MS);
  };

  return {
    async listen(channel, handler) {
      const isNew = !handlers.has(channel);
      if (isNew) handlers.set(channel, new Set());
      handlers.get(channel)!.add(handler);
      try {
        if (connecting) await connecting;
        if (!client) await connect();
        else if (isNew) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        remove(channel, handler);
        throw error;
      }
      return async () => {
        if (!remove(channel, handler)) return;
        const current = client;
        if (handlers.size === 0) {
          client = undefined;
          clearTimeout(retry);
          retry = undefined;
          await current?.end().catch(() => undefined);
        } else await current?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
  };

  /** Removes a handler; true when its channel has no handler left. */
  function remove(channel: string, handler: Handler): boolean {
    const set = handlers.get(channel);
    if (!set?.delete(handler) || set.size > 0) return false;
    handlers.delete(channel);
    return true;
  }
}
