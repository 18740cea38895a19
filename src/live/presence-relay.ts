import { randomUUID } from 'node:crypto';
import type { WarehouseDriver } from '../warehouse/driver.js';
import type { PresenceHub, PresenceMessage } from './presence-hub.js';

const CHANNEL = 'roundtrip_presence';
/** NOTIFY carries at most 7,900 bytes (see `NotificationChannel`). */
const NOTIFY_LIMIT = 7900;

/**
 * Shares presence between servers through the system store's notifications
 * (`<origin>:<json>`), as the change relay does for changes. Presence is
 * fleeting: nothing is stored, a message too large for a notification is sent
 * without the edited row (other servers then show the editor, not the row).
 * On start a server says hello and the others announce their tabs again; on
 * close it says bye and the others drop its tabs. A system store without
 * notifications (the embedded file) needs no relay.
 */
export async function connectPresenceRelay(system: WarehouseDriver, hub: PresenceHub, onError: (error: unknown) => void): Promise<() => Promise<void>> {
  const channel = system.notifications;
  if (!channel) return async () => undefined;
  const origin = randomUUID();
  const unlisten = await channel.listen(CHANNEL, (text) => {
    const colon = text.indexOf(':');
    const from = text.slice(0, colon);
    if (colon < 0 || from === origin) return;
    try {
      hub.receive(from, JSON.parse(text.slice(colon + 1)) as PresenceMessage);
    } catch (error) {
      onError(error);
    }
  });
  const send = (message: PresenceMessage) => {
    let text = `${origin}:${JSON.stringify(message)}`;
    if (Buffer.byteLength(text) > NOTIFY_LIMIT && message.op === 'announce') {
      const { editing: _editing, ...entry } = message.entry;
      text = `${origin}:${JSON.stringify({ op: 'announce', entry })}`;
    }
    if (Buffer.byteLength(text) > NOTIFY_LIMIT) return;
    channel.notify(CHANNEL, text).catch(onError);
  };
  hub.useRelay({ send });
  send({ op: 'hello' });
  return async () => {
    hub.useRelay(undefined);
    await channel.notify(CHANNEL, `${origin}:${JSON.stringify({ op: 'bye' })}`).catch(onError);
    await unlisten();
  };
}
