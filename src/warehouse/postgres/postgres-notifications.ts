import pg from 'pg';
import type { NotificationChannel } from '../driver.js';

const RECONNECT_MS = 1000;

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to other
 * work); after a lost connection it reconnects and listens again.
 */
export function postgresNotifications(clientConfig: pg.ClientConfig, pool: pg.Pool): NotificationChannel {
  return {
    async listen(channel, handler) {
      let client: pg.Client | undefined;
      let stopped = false;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (): Promise<void> => {
        const next = new pg.Client(clientConfig);
        next.on('notification', (message) => message.channel === channel && message.payload !== undefined && handler(message.payload));
        next.on('error', () => scheduleReconnect());
        next.on('end', () => scheduleReconnect());
        await next.connect();
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        client = next;
      };
      const scheduleReconnect = () => {
        if (stopped || retry) return;
        client = undefined;
        retry = setTimeout(() => {
          retry = undefined;
          connect().catch(() => scheduleReconnect());
        }, RECONNECT_MS);
      };
      await connect();
      return async () => {
        stopped = true;
        clearTimeout(retry);
        await client?.end().catch(() => undefined);
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
  };
}
