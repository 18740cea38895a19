import { afterEach, expect, it } from 'vitest';
import type { NotificationChannel, WarehouseDriver } from '../warehouse/driver.js';
import { DuckdbDriver } from '../warehouse/duckdb/duckdb-driver.js';
import type { ChangeEvent } from '../writeback/change-event.js';
import { ChangeBus } from './change-bus.js';
import { migrateSystemStore } from '../runtime/migrations/apply-migrations.js';
import { connectChangeRelay } from './change-relay.js';

/** LISTEN/NOTIFY in one process, delivered at once, in order. */
class LocalChannel implements NotificationChannel {
  readonly sent: string[] = [];
  private readonly handlers = new Set<(payload: string) => void>();
  async listen(_channel: string, handler: (payload: string) => void) {
    this.handlers.add(handler);
    return async () => void this.handlers.delete(handler);
  }
  async notify(_channel: string, payload: string) {
    this.sent.push(payload);
    for (const handler of this.handlers) handler(payload);
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Two servers' buses on one system store; `inserts` counts the stored payloads. */
async function twoServers() {
  const db = await DuckdbDriver.connect({ path: ':memory:' });
  await migrateSystemStore(db);
  const channel = new LocalChannel();
  const counter = { inserts: 0 };
  const system: WarehouseDriver = Object.assign(Object.create(db) as DuckdbDriver, {
    notifications: channel,
    query: (sql: string, params?: readonly unknown[]) => {
      if (sql.startsWith('INSERT')) counter.inserts += 1;
      return db.query(sql, params);
    },
  });
  const [a, b] = [new ChangeBus(), new ChangeBus()];
  const received = { a: [] as string[], b: [] as string[] };
  a.subscribe((event) => received.a.push(event.changesetId));
  b.subscribe((event) => received.b.push(event.changesetId));
  for (const bus of [a, b]) closers.push(await connectChangeRelay(system, bus, (error) => Promise.reject(error)));
  closers.push(() => db.close());
  return { a, b, received, channel, counter };
}

const event = (changesetId: string, rows = 1): ChangeEvent => ({
  app: 'budget',
  table: 'budget_lines',
  qualifiedTable: 'budget_lines',
  changesetId,
  user: 'director',
  keys: Array.from({ length: rows }, (_, i) => ({ line_id: i })),
  rows: Array.from({ length: rows }, (_, i) => ({ line_id: i, comment: 'x'.repeat(40) })),
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
};

it('sends a small event in the notification itself, with nothing stored, and never back to its origin', async () => {
  const { a, received, channel, counter } = await twoServers();
  a.publish(event('small'));
  await until(() => received.b.length > 0);
  expect(received).toEqual({ a: ['small'], b: ['small'] });
  expect(counter.inserts).toBe(0);
  expect(channel.sent[0]).toMatch(/^i:[0-9a-f-]{36}:\{"app":"budget"/);
});

it('stores an event too large for a notification, and keeps the order of the events', async () => {
  const { a, received, counter } = await twoServers();
  a.publish(event('large', 200));
  a.publish(event('after'));
  await until(() => received.b.length === 2);
  expect(received.b).toEqual(['large', 'after']);
  expect(counter.inserts).toBe(1);
});
