import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationChannel, WarehouseDriver } from '../../warehouse/driver.js';
import { DuckdbDriver } from '../../warehouse/duckdb/duckdb-driver.js';
import { openIdentityStores, type IdentityStores } from './identity-stores.js';
import { SessionStore, type SessionStoreOptions } from './session-store.js';
import { migrateSystemStore, migrateWarehouse } from '../../runtime/migrations/apply-migrations.js';
import { deleteUser, insertUser, updateUser, type StoredUser, type UserWriter } from './user-store.js';

const MINUTE = 60_000;
const START = 1_800_000_000_000;

const user = (username: string): StoredUser => ({
  username,
  displayName: null,
  passwordHash: 'scrypt$x',
  roles: ['viewer'],
  attributes: { entities: ['E01'] },
  disabled: false,
  source: 'admin',
  createdAt: START,
  updatedAt: START,
  configDigest: null,
});

/** Writes `users` behind the cache's back, as another server without notifications would. */
const unannounced = (db: WarehouseDriver): UserWriter => ({ dialect: db.dialect, query: (sql, params) => db.query(sql, params), userChanged: () => undefined });

/** A system store (in-memory DuckDB) that counts the statements it is sent outside transactions. */
class CountingStore {
  queries = 0;
  readonly driver: WarehouseDriver;

  constructor(
    readonly db: DuckdbDriver,
    notifications?: NotificationChannel,
  ) {
    this.driver = {
      dialect: db.dialect,
      capabilities: db.capabilities,
      notifications,
      query: (sql, params, options) => {
        this.queries += 1;
        return db.query(sql, params, options);
      },
      transaction: (work) => db.transaction(work),
      stream: (sql, params, options) => db.stream(sql, params, options),
      introspect: () => db.introspect(),
      close: () => db.close(),
    };
  }

  /** The statements `work` sent. */
  async count(work: () => Promise<unknown>): Promise<number> {
    const before = this.queries;
    await work();
    return this.queries - before;
  }
}

async function openStores(options: Partial<SessionStoreOptions> = {}) {
  const system = new CountingStore(await DuckdbDriver.connect({ path: ':memory:' }));
  await migrateSystemStore(system.db);
  await migrateWarehouse(system.db, 'audit');
  const sessions = await SessionStore.open(system.driver, { idleMs: 5 * MINUTE, absoluteMs: 60 * MINUTE, ...options });
  const identity = await openIdentityStores({
    system: system.driver,
    warehouse: system.db,
    sessions,
    auditSchema: () => 'audit',
    roleNames: () => ['viewer', 'admin'],
  });
  await identity.changeUsers(async (tx) => {
    await insertUser(tx, user('ada'));
    await insertUser(tx, user('bob'));
  });
  return { system, sessions, identity };
}

describe('SessionStore.fetchWithUser', () => {
  let db: DuckdbDriver;
  let store: SessionStore;

  beforeAll(async () => {
    db = await DuckdbDriver.connect({ path: ':memory:' });
    await migrateSystemStore(db);
    store = await SessionStore.open(db, { idleMs: 5 * MINUTE, absoluteMs: 60 * MINUTE });
    await insertUser(unannounced(db), user('ada'));
  });
  afterAll(() => db?.close());

  it("reads the session and the user's current row together", async () => {
    const { id } = await store.create('ada', START);
    await updateUser(unannounced(db), 'ada', { roles: ['admin'] }, START + MINUTE);
    const found = await store.fetchWithUser(id, START + MINUTE);
    expect(found?.session).toEqual(await store.fetch(id, START + MINUTE));
    expect(found?.user).toMatchObject({ username: 'ada', roles: ['admin'], attributes: { entities: ['E01'] }, disabled: false, createdAt: START });
  });

  it('keeps the session but gives no user when the user row is gone', async () => {
    const { id } = await store.create('ghost', START);
    const found = await store.fetchWithUser(id, START);
    expect(found?.session.userId).toBe('ghost');
    expect(found?.user).toBeUndefined();
  });

  it('ends an idle session like fetch does', async () => {
    const { id } = await store.create('ada', START);
    expect(await store.fetchWithUser(id, START + 6 * MINUTE)).toBeUndefined();
    expect(await store.fetch(id, START)).toBeUndefined();
  });

  it("answers every one of a session's concurrent requests when they find it due for its activity stamp (several tabs)", async () => {
    const { id } = await store.create('ada', START);
    const at = START + 2 * MINUTE;
    const found = await Promise.all(Array.from({ length: 20 }, () => store.fetchWithUser(id, at)));
    expect(found.map((f) => f?.user?.username)).toEqual(Array(20).fill('ada'));
    expect((await store.fetch(id, at + 1))?.expiresAt).toBe(at + 1 + 5 * MINUTE);
  });

  it('gives nothing for an unknown session id', async () => {
    expect(await store.fetchWithUser('made-up', START)).toBeUndefined();
  });
});

describe('the session cache', () => {
  let stores: Awaited<ReturnType<typeof openStores>>;
  let system: CountingStore;
  let sessions: SessionStore;
  let identity: IdentityStores;

  beforeEach(async () => {
    stores = await openStores();
    ({ system, sessions, identity } = stores);
  });
  afterEach(() => stores?.system.db.close());

  it('answers a warm session without a query, with the same result', async () => {
    const { id } = await sessions.create('ada', START);
    const cold = await sessions.fetchWithUser(id, START);
    let warm: unknown;
    expect(await system.count(async () => (warm = await sessions.fetchWithUser(id, START + 20_000)))).toBe(0);
    expect(warm).toEqual({ ...cold, session: { ...cold!.session, expiresAt: START + 20_000 + 5 * MINUTE } });
    expect(cold?.user).toMatchObject({ username: 'ada', roles: ['viewer'] });
  });

  it("keeps the cache out of callers' reach: what it hands out is read-only, what it was given is copied", async () => {
    const { id } = await sessions.create('ada', START);
    (await sessions.fetchWithUser(id, START))!.user!.roles.push('admin');
    const warm = (await sessions.fetchWithUser(id, START + 1))!;
    expect(() => warm.user!.roles.push('admin')).toThrow(TypeError);
    expect((await sessions.fetchWithUser(id, START + 2))?.user?.roles).toEqual(['viewer']);
  });

  it('still records activity after a minute, then serves from the cache again', async () => {
    const long = await openStores({ cache: { maxAgeMs: 24 * 60 * MINUTE } });
    const { id } = await long.sessions.create('ada', START);
    await long.sessions.fetchWithUser(id, START);
    expect(await long.system.count(() => long.sessions.fetchWithUser(id, START + MINUTE))).toBe(0);
    expect(await long.system.count(() => long.sessions.fetchWithUser(id, START + MINUTE + 1))).toBe(2);
    const { rows } = await long.system.db.query('SELECT last_seen_at FROM sessions');
    expect(rows.map((row) => Number(row.last_seen_at))).toEqual([START + MINUTE + 1]);
    expect(await long.system.count(() => long.sessions.fetchWithUser(id, START + MINUTE + 2))).toBe(0);
    await long.system.db.close();
  });

  it('keeps idle expiry: a session kept warm in the cache still ends after idleMs without activity', async () => {
    const long = await openStores({ cache: { maxAgeMs: 24 * 60 * MINUTE } });
    const { id } = await long.sessions.create('ada', START);
    await long.sessions.fetchWithUser(id, START);
    expect(await long.sessions.fetchWithUser(id, START + 5 * MINUTE + 1)).toBeUndefined();
    expect(await long.system.db.query('SELECT * FROM sessions')).toMatchObject({ rows: [] });
    expect(await long.sessions.fetchWithUser(id, START)).toBeUndefined();
    await long.system.db.close();
  });

  it('keeps absolute expiry for an active session', async () => {
    const long = await openStores({ cache: { maxAgeMs: 24 * 60 * MINUTE } });
    const { id } = await long.sessions.create('ada', START);
    for (let second = 0; second < 60 * 60; second += 30) expect(await long.sessions.fetchWithUser(id, START + second * 1000), `second ${second}`).toBeDefined();
    // Touched again (and cached afresh) 20 seconds before the end: the cached row must not outlive the session.
    expect(await long.sessions.fetchWithUser(id, START + 60 * MINUTE - 20_000)).toBeDefined();
    const { rows } = await long.system.db.query('SELECT last_seen_at FROM sessions');
    expect(rows.map((row) => Number(row.last_seen_at))).toEqual([START + 60 * MINUTE - 20_000]);
    expect(await long.sessions.fetchWithUser(id, START + 60 * MINUTE + 1)).toBeUndefined();
    expect(await long.sessions.fetch(id, START + 60 * MINUTE - 1)).toBeUndefined();
    await long.system.db.close();
  });

  it("never ends a session on a stale cached row: another server's touch keeps it alive", async () => {
    const long = await openStores({ cache: { maxAgeMs: 24 * 60 * MINUTE } });
    const { id } = await long.sessions.create('ada', START);
    await long.sessions.fetchWithUser(id, START);
    await long.system.db.query('UPDATE sessions SET last_seen_at = $1', [START + 4 * MINUTE]);
    const found = await long.sessions.fetchWithUser(id, START + 6 * MINUTE);
    expect(found?.session.userId).toBe('ada');
    const { rows } = await long.system.db.query('SELECT last_seen_at FROM sessions');
    expect(rows.map((row) => Number(row.last_seen_at))).toEqual([START + 6 * MINUTE]);
    await long.system.db.close();
  });

  it('reads the store again once an entry is older than the maximum age', async () => {
    const { id } = await sessions.create('ada', START);
    await sessions.fetchWithUser(id, START);
    await updateUser(unannounced(system.db), 'ada', { roles: ['admin'] }, START);
    expect((await sessions.fetchWithUser(id, START + 30_000))?.user?.roles).toEqual(['viewer']);
    expect((await sessions.fetchWithUser(id, START + 30_001))?.user?.roles).toEqual(['admin']);
  });

  it('forgets a deleted session (logout, a login replacing it)', async () => {
    const { id } = await sessions.create('ada', START);
    await sessions.fetchWithUser(id, START);
    await sessions.delete(id);
    expect(await sessions.fetchWithUser(id, START + 1)).toBeUndefined();
  });

  it("forgets every session of a user whose sessions were deleted, and no one else's", async () => {
    const [laptop, phone, other] = [await sessions.create('ada', START), await sessions.create('ada', START), await sessions.create('bob', START)];
    for (const { id } of [laptop, phone, other]) await sessions.fetchWithUser(id, START);
    await sessions.deleteForUser('ada');
    expect(await sessions.fetchWithUser(laptop.id, START + 1)).toBeUndefined();
    expect(await sessions.fetchWithUser(phone.id, START + 1)).toBeUndefined();
    expect(await system.count(() => sessions.fetchWithUser(other.id, START + 1))).toBe(0);
  });

  it.each([
    ['roles', (tx: UserWriter) => updateUser(tx, 'ada', { roles: ['admin'] }, START), { roles: ['admin'] }],
    ['attributes', (tx: UserWriter) => updateUser(tx, 'ada', { attributes: { entities: ['E02'] } }, START), { attributes: { entities: ['E02'] } }],
    ['display name', (tx: UserWriter) => updateUser(tx, 'ada', { displayName: 'Ada L.' }, START), { displayName: 'Ada L.' }],
    ['disabled', (tx: UserWriter) => updateUser(tx, 'ada', { disabled: true }, START), { disabled: true }],
    ['password', (tx: UserWriter) => updateUser(tx, 'ada', { passwordHash: 'scrypt$y' }, START), { passwordHash: 'scrypt$y' }],
  ] as const)('applies a change of %s made through changeUsers at the next fetch', async (_field, change, expected) => {
    const { id } = await sessions.create('ada', START);
    await sessions.fetchWithUser(id, START);
    await identity.changeUsers(change);
    expect((await sessions.fetchWithUser(id, START + 1))?.user).toMatchObject(expected);
  });

  it('sees a deleted user row as no user at once', async () => {
    const { id } = await sessions.create('bob', START);
    await sessions.fetchWithUser(id, START);
    await identity.changeUsers((tx) => deleteUser(tx, 'bob'));
    const found = await sessions.fetchWithUser(id, START + 1);
    expect(found?.session.userId).toBe('bob');
    expect(found?.user).toBeUndefined();
  });

  it('forgets a user even when their change rolled back (a failed COMMIT may have committed)', async () => {
    const { id } = await sessions.create('ada', START);
    await sessions.fetchWithUser(id, START);
    const failed = identity.changeUsers(async (tx) => {
      await updateUser(tx, 'ada', { roles: ['admin'] }, START);
      throw new Error('audit failed');
    });
    await expect(failed).rejects.toThrow('audit failed');
    expect(await system.count(() => sessions.fetchWithUser(id, START + 1))).toBe(1);
  });

  it('does not cache a row read before a change that committed while the read was running', async () => {
    const { id } = await sessions.create('ada', START);
    const query = system.driver.query;
    // The user's change commits and is announced while the session's row (with the old user) is on its way.
    system.driver.query = async (sql, params, options) => {
      const result = await query(sql, params, options);
      system.driver.query = query;
      await identity.changeUsers((tx) => updateUser(tx, 'ada', { disabled: true }, START));
      return result;
    };
    expect((await sessions.fetchWithUser(id, START))?.user?.disabled).toBe(false);
    expect((await sessions.fetchWithUser(id, START + 1))?.user?.disabled).toBe(true);
  });
});
