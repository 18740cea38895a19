import { afterAll, beforeAll, expect, it } from 'vitest';
import { LISTENER_NAME } from '../../src/warehouse/postgres/postgres-notifications.js';
import { PostgresDriver } from '../../src/warehouse/postgres/postgres-driver.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

let db: TestDatabase;
let driver: PostgresDriver;

beforeAll(async () => {
  db = await createTestDatabase();
  driver = await PostgresDriver.connect({ host: db.host, port: db.port, database: db.database, user: db.user });
});
afterAll(async () => {
  await driver?.close();
  await db?.drop();
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const listeners = async () =>
  Number(
    (await db.admin.query('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [LISTENER_NAME, db.database])).rows[0].n,
  );

it('delivers the notifications of every channel over one connection, in the order they were sent', async () => {
  const received: string[] = [];
  const stops = await Promise.all(
    ['sessions', 'changes'].map((channel) => driver.notifications.listen(channel, (payload) => received.push(`${channel}:${payload}`))),
  );
  try {
    expect(await listeners()).toBe(1);
    const sent = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? `sessions:${i}` : `changes:${i}`));
    for (const message of sent) {
      const [channel, payload] = message.split(':');
      await driver.notifications.notify(channel!, payload!);
    }
    await until(() => received.length === sent.length);
    expect(received).toEqual(sent);
  } finally {
    for (const stop of stops) await stop();
  }
  await until(async () => (await listeners()) === 0);
});

it('listens again on a new connection after the server dropped it', async () => {
  const received: string[] = [];
  const stop = await driver.notifications.listen('changes', (payload) => received.push(payload));
  try {
    await db.admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [LISTENER_NAME, db.database]);
    await until(async () => {
      await driver.notifications.notify('changes', 'after');
      return received.includes('after');
    });
    expect(await listeners()).toBe(1);
  } finally {
    await stop();
  }
});
