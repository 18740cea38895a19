import { randomUUID } from 'node:crypto';
import type { WarehouseDriver } from '../warehouse/driver.js';
import type { ChangeEvent } from '../writeback/change-event.js';
import type { ChangeBus } from './change-bus.js';
import { column, type TableSpec } from '../warehouse/table-spec.js';
import { runSql, sql } from '../warehouse/sql.js';

/** Payloads of events relayed between servers sharing the system store (created by the system migrations). */
export const CHANGE_EVENTS_TABLE_SPEC: TableSpec = {
  name: 'change_events',
  columns: [column.text('id', true), column.text('origin', true), column.bigint('created_at', true), column.text('payload', true)],
  primaryKey: ['id'],
};

const CHANNEL = 'roundtrip_changes';
const KEEP_MS = 10 * 60 * 1000;
/** NOTIFY carries at most 7,900 bytes (see `NotificationChannel`). */
const NOTIFY_LIMIT = 7900;

/**
 * Shares change events between servers through the system store. An event
 * travels in the notification itself (`i:<origin>:<json>`): one round trip
 * from the writing server to every other. One too large for a notification
 * is stored in `change_events` and its id sent (`r:<origin>:<id>`); the
 * others read it from there. Events leave in the order they were published
 * and are passed on in the order they arrived. A system store without notifications (the embedded file) needs
 * no relay.
 */
export async function connectChangeRelay(system: WarehouseDriver, bus: ChangeBus, onError: (error: unknown) => void): Promise<() => Promise<void>> {
  const channel = system.notifications;
  if (!channel) return async () => undefined;
  const origin = randomUUID();
  let lastCleanup = 0;
  // Events waiting for a stored payload; later ones queue behind them.
  let pending: Promise<void> | undefined;
  const pass = (read: () => ChangeEvent | undefined | Promise<ChangeEvent | undefined>) => {
    let result: ChangeEvent | undefined | Promise<ChangeEvent | undefined>;
    try {
      if (!pending) {
        result = read();
        if (!(result instanceof Promise)) {
          if (result) bus.receive(result);
          return;
        }
      } else result = pending.then(read);
    } catch (error) {
      return onError(error);
    }
    const next: Promise<void> = result
      .then((event) => event && bus.receive(event))
      .catch(onError)
      .finally(() => {
        if (pending === next) pending = undefined;
      });
    pending = next;
  };
  const fetchStored = async (id: string) => {
    const { rows } = await runSql(system, sql`SELECT origin, payload FROM change_events WHERE id = ${id}`);
    const row = rows[0];
    return row && row.origin !== origin ? (JSON.parse(String(row.payload)) as ChangeEvent) : undefined;
  };

  const unlisten = await channel.listen(CHANNEL, (message) => {
    const kind = message.slice(0, 2);
    // A bare id: a server from before events travelled in the notification.
    if (kind !== 'i:' && kind !== 'r:') return pass(() => fetchStored(message));
    const from = message.slice(2, 2 + origin.length);
    if (from === origin) return;
    const body = message.slice(3 + origin.length);
    pass(() => (kind === 'i:' ? (JSON.parse(body) as ChangeEvent) : fetchStored(body)));
  });

  // Sends waiting for a payload to be stored; later ones queue behind them, so events leave in order.
  let sending: Promise<void> | undefined;
  const send = (work: () => Promise<void>) => {
    const next: Promise<void> = (sending ? sending.then(work) : work()).catch(onError).finally(() => {
      if (sending === next) sending = undefined;
    });
    sending = next;
  };
  bus.useRelay({
    send(event) {
      const payload = JSON.stringify(event);
      const inline = `i:${origin}:${payload}`;
      if (Buffer.byteLength(inline) <= NOTIFY_LIMIT) {
        if (sending) send(() => channel.notify(CHANNEL, inline));
        else channel.notify(CHANNEL, inline).catch(onError);
        return;
      }
      const id = randomUUID();
      const now = Date.now();
      send(async () => {
        await runSql(system, sql`INSERT INTO change_events (id, origin, created_at, payload) VALUES (${id}, ${origin}, ${now}, ${payload})`);
        await channel.notify(CHANNEL, `r:${origin}:${id}`);
        if (now - lastCleanup < 60_000) return;
        lastCleanup = now;
        // Not awaited: the next event need not wait for it.
        runSql(system, sql`DELETE FROM change_events WHERE created_at < ${now - KEEP_MS}`).catch(onError);
      });
    },
  });
  return async () => {
    bus.useRelay(undefined);
    await unlisten();
  };
}
