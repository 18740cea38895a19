import { randomUUID } from 'node:crypto';
import type { WarehouseDriver } from '../warehouse/driver.js';
import type { ChangeEvent } from '../writeback/change-event.js';
import type { ChangeBus } from './change-bus.js';

const CHANNEL = 'roundtrip_changes';
const KEEP_MS = 10 * 60 * 1000;

/**
 * Shares change events between servers through the system store: the event
 * is stored in `change_events` (payloads can exceed NOTIFY's limit) and its id
 * is sent with NOTIFY; every other server reads it and publishes it locally.
 * A system store without notifications (the embedded file) needs no relay.
 */
export async function connectChangeRelay(system: WarehouseDriver, bus: ChangeBus, onError: (error: unknown) => void): Promise<() => Promise<void>> {
  const channel = system.notifications;
  if (!channel) return async () => undefined;
  await system.query(
    'CREATE TABLE IF NOT EXISTS change_events (id VARCHAR PRIMARY KEY, origin VARCHAR NOT NULL, created_at BIGINT NOT NULL, payload TEXT NOT NULL)',
  );
  const origin = randomUUID();
  let lastCleanup = 0;
  const unlisten = await channel.listen(CHANNEL, (id) => {
    system
      .query('SELECT origin, payload FROM change_events WHERE id = $1', [id])
      .then(({ rows }) => {
        const row = rows[0];
        if (row && row.origin !== origin) bus.receive(JSON.parse(String(row.payload)) as ChangeEvent);
      })
      .catch(onError);
  });
  bus.useRelay({
    send(event) {
      const id = randomUUID();
      const now = Date.now();
      system
        .query('INSERT INTO change_events (id, origin, created_at, payload) VALUES ($1, $2, $3, $4)', [id, origin, now, JSON.stringify(event)])
        .then(() => channel.notify(CHANNEL, id))
        .then(async () => {
          if (now - lastCleanup < 60_000) return;
          lastCleanup = now;
          await system.query('DELETE FROM change_events WHERE created_at < $1', [now - KEEP_MS]);
        })
        .catch(onError);
    },
  });
  return async () => {
    bus.useRelay(undefined);
    await unlisten();
  };
}
