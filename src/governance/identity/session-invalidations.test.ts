import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationChannel, WarehouseDriver } from '../../warehouse/driver.js';
import { DuckdbDriver } from '../../warehouse/duckdb/duckdb-driver.js';
import { SessionCache, type CachedSession, type CachedToken } from './session-cache.js';
import { SessionInvalidations } from './session-invalidations.js';
import { SessionStore } from './session-store.js';
import { migrateSystemStore } from '../../runtime/migrations/apply-migrations.js';

const START = 1_800_000_000_000;
const entry = (userId: string): CachedSession => ({ userId, csrfToken: 'csrf', createdAt: START, lastSeenAt: START, user: undefined, cachedAt: START });

/** LISTEN/NOTIFY in one process, delivered at once; `lose` drops what is sent, like a listener that is reconnecting. */
class LocalChannel implements NotificationChannel {
  lose = false;
  readonly sent: string[] = [];
  private readonly handlers = new Set<(payload: string) => void>();

  async listen(_channel: string, handler: (payload: string) => void) {
    this.handlers.add(handler);
    return async () => void this.handlers.delete(handler);
  }

  async notify(_channel: string, payload: string) {
    this.sent.push(payload);
    if (!this.lose) for (const handler of this.handlers) handler(payload);
  }
}

describe('SessionInvalidations', () => {
  const opened: SessionInvalidations[] = [];
  afterEach(async () => {
    for (const invalidations of opened.splice(0)) await invalidations.close();
  });

  async function connect(channel: NotificationChannel, cache: SessionCache, clock: () => number, tokens = new SessionCache<CachedToken>()) {
    // A heartbeat far away: the tests send them by hand.
    const invalidations = await SessionInvalidations.connect(channel, { sessions: cache, tokens }, { heartbeatMs: 3_600_000, trustMs: 3000, clock });
    opened.push(invalidations);
    return invalidations;
  }

  it("drops a user's or a session's entries when another server says so", async () => {
    const channel = new LocalChannel();
    const cache = new SessionCache();
    const invalidations = await connect(channel, cache, () => START);
    for (const [id, userId] of [
      ['a1', 'ada'],
      ['a2', 'ada'],
      ['b1', 'bob'],
      ['b2', 'bob'],
    ])
      cache.set(id!, entry(userId!), cache.generation);
    await invalidations.publish({ username: 'ada' });
    await invalidations.publish({ idHash: 'b1' });
    expect(channel.sent.filter((payload) => !payload.startsWith('p:'))).toEqual(['u:ada', 's:b1']);
    expect(['a1', 'a2', 'b1', 'b2'].map((id) => cache.get(id, START)?.userId)).toEqual([undefined, undefined, undefined, 'bob']);
  });

  it("drops a token when another server revokes it, and a user's tokens with the user; a lost heartbeat empties both caches", async () => {
    const channel = new LocalChannel();
    const sessions = new SessionCache();
    const tokens = new SessionCache<CachedToken>();
    const invalidations = await connect(channel, sessions, () => START, tokens);
    const token = (userId: string): CachedToken => ({ userId, token: {} as CachedToken['token'], user: undefined, cachedAt: START });
    for (const [id, userId] of [
      ['t1', 'ada'],
      ['t2', 'ada'],
      ['t3', 'bob'],
      ['t4', 'bob'],
    ])
      tokens.set(id!, token(userId!), tokens.generation);
    sessions.set('s1', entry('bob'), sessions.generation);
    await invalidations.publish({ tokenId: 't3' });
    await invalidations.publish({ username: 'ada' });
    expect(channel.sent.filter((payload) => !payload.startsWith('p:'))).toEqual(['t:t3', 'u:ada']);
    expect(['t1', 't2', 't3', 't4'].map((id) => tokens.get(id, START)?.userId)).toEqual([undefined, undefined, undefined, 'bob']);
    expect(sessions.get('s1', START)?.userId).toBe('bob');
    invalidations.sendHeartbeat();
    channel.lose = true;
    invalidations.sendHeartbeat();
    channel.lose = false;
    invalidations.sendHeartbeat();
    expect([tokens.size, sessions.size]).toEqual([0, 0]);
  });

  it('is current only while its heartbeats come back', async () => {
    const channel = new LocalChannel();
    let now = START;
    channel.lose = true;
    const invalidations = await connect(channel, new SessionCache(), () => now);
    expect(invalidations.isCurrent()).toBe(false);
    channel.lose = false;
    invalidations.sendHeartbeat();
    expect(invalidations.isCurrent()).toBe(true);
    now += 3001;
    expect(invalidations.isCurrent()).toBe(false);
    invalidations.sendHeartbeat();
    expect(invalidations.isCurrent()).toBe(true);
  });

  it('empties the cache when a heartbeat went missing: an invalidation may have been lost with it', async () => {
    const channel = new LocalChannel();
    const cache = new SessionCache();
    const invalidations = await connect(channel, cache, () => START);
    cache.set('a1', entry('ada'), cache.generation);
    invalidations.sendHeartbeat();
    expect(cache.size).toBe(1);
    channel.lose = true;
    invalidations.sendHeartbeat();
    channel.lose = false;
    expect(cache.size).toBe(1);
    invalidations.sendHeartbeat();
    expect(cache.size).toBe(0);
  });

  it('empties the cache when heartbeats come back after a silence longer than trustMs', async () => {
    const channel = new LocalChannel();
    const cache = new SessionCache();
    let now = START;
    const invalidations = await connect(channel, cache, () => now);
    invalidations.sendHeartbeat();
    cache.set('a1', entry('ada'), cache.generation);
    now += 3001;
    invalidations.sendHeartbeat();
    expect(cache.size).toBe(0);
  });

  it('ignores the heartbeats of other servers', async () => {
    const channel = new LocalChannel();
    let now = START;
    const mine = await connect(channel, new SessionCache(), () => now);
    const other = await connect(channel, new SessionCache(), () => now);
    mine.sendHeartbeat();
    now += 3001;
    other.sendHeartbeat();
    expect(mine.isCurrent()).toBe(false);
  });
});

describe('SessionStore on a system store with notifications', () => {
  let db: DuckdbDriver;
  const stores: SessionStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await db?.close();
  });

  /** Two servers on one system store, each counting its own statements. */
  async function twoServers(channel: LocalChannel) {
    db = await DuckdbDriver.connect({ path: ':memory:' });
    await migrateSystemStore(db);
    const servers: { store: SessionStore; counter: { queries: number } }[] = [];
    // One after the other: DuckDB refuses two concurrent CREATE TABLE of the same table.
    for (let i = 0; i < 2; i += 1) {
      const counter = { queries: 0 };
      const driver: WarehouseDriver = Object.assign(Object.create(db) as DuckdbDriver, {
        notifications: channel,
        query: (sql: string, params?: readonly unknown[]) => {
          counter.queries += 1;
          return db.query(sql, params);
        },
      });
      const store = await SessionStore.open(driver, { idleMs: 5 * 60_000, absoluteMs: 60 * 60_000, invalidations: { heartbeatMs: 3_600_000 } });
      stores.push(store);
      servers.push({ store, counter });
    }
    return servers;
  }

  it('serves from the cache while heartbeats come back, and ends a session on B that A deleted', async () => {
    const channel = new LocalChannel();
    const [a, b] = await twoServers(channel);
    const { id } = await a!.store.create('ada', START);
    await b!.store.fetchWithUser(id, START);
    const before = b!.counter.queries;
    expect(await b!.store.fetchWithUser(id, START + 1)).toBeDefined();
    expect(b!.counter.queries).toBe(before);
    await a!.store.delete(id);
    expect(await b!.store.fetchWithUser(id, START + 2)).toBeUndefined();
  });

  it("drops a user's sessions on B when A ends them or forgets the user", async () => {
    const channel = new LocalChannel();
    const [a, b] = await twoServers(channel);
    const first = await a!.store.create('ada', START);
    const second = await a!.store.create('ada', START);
    for (const { id } of [first, second]) await b!.store.fetchWithUser(id, START);
    await a!.store.forgetUsers(['ada']);
    const queries = b!.counter.queries;
    await b!.store.fetchWithUser(first.id, START + 1);
    expect(b!.counter.queries).toBe(queries + 1);
    await a!.store.deleteForUser('ada');
    expect(await b!.store.fetchWithUser(second.id, START + 2)).toBeUndefined();
  });

  it('reads the store while it cannot know that invalidations arrive', async () => {
    const channel = new LocalChannel();
    channel.lose = true;
    const [, b] = await twoServers(channel);
    const { id } = await b!.store.create('ada', START);
    await b!.store.fetchWithUser(id, START);
    const before = b!.counter.queries;
    await b!.store.fetchWithUser(id, START + 1);
    expect(b!.counter.queries).toBe(before + 1);
  });
});
