import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckdbDriver } from '../../warehouse/duckdb/duckdb-driver.js';
import { SessionStore } from './session-store.js';
import { ensureUsersTable, insertUser, updateUser, type StoredUser } from './user-store.js';

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

describe('SessionStore.fetchWithUser', () => {
  let db: DuckdbDriver;
  let store: SessionStore;

  beforeAll(async () => {
    db = await DuckdbDriver.connect({ path: ':memory:' });
    store = await SessionStore.open(db, { idleMs: 5 * MINUTE, absoluteMs: 60 * MINUTE });
    await ensureUsersTable(db);
    await insertUser(db, user('ada'));
  });
  afterAll(() => db?.close());

  it('reads the session and the user\'s current row together', async () => {
    const { id } = await store.create('ada', START);
    await updateUser(db, 'ada', { roles: ['admin'] }, START + MINUTE);
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

  it('gives nothing for an unknown session id', async () => {
    expect(await store.fetchWithUser('made-up', START)).toBeUndefined();
  });
});
