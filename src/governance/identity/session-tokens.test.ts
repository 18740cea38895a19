import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { migrateSystemStore } from '../../runtime/migrations/apply-migrations.js';
import { DuckdbDriver } from '../../warehouse/duckdb/duckdb-driver.js';
import { runSql, sql } from '../../warehouse/sql.js';
import { openTokens, sealTokens, type UserTokenSet } from './sealed-tokens.js';
import { hashSessionId, SessionStore } from './session-store.js';
import { SessionTokens, type TokenRefresher } from './session-tokens.js';

const START = 1_800_000_000_000;
const HOUR = 3_600_000;

describe('sealed tokens', () => {
  const tokens: UserTokenSet = { accessToken: 'dapi-access', refreshToken: 'dapi-refresh', expiresAt: START + HOUR };

  it('open only with the session id and id hash they were sealed with, and not once altered', () => {
    const sealed = sealTokens('session-a', 'hash-a', tokens);
    expect(openTokens('session-a', 'hash-a', sealed)).toEqual(tokens);
    expect(openTokens('session-b', 'hash-a', sealed)).toBeUndefined();
    expect(openTokens('session-a', 'hash-b', sealed)).toBeUndefined();
    const [version, iv, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(openTokens('session-a', 'hash-a', [version, iv, flipped.toString('base64url')].join('.'))).toBeUndefined();
    expect(openTokens('session-a', 'hash-a', `v2.${iv}.${body}`)).toBeUndefined();
    expect(openTokens('session-a', 'hash-a', 'not sealed')).toBeUndefined();
  });

  it('seal the same tokens differently each time (a fresh IV)', () => {
    expect(sealTokens('s', 'h', tokens)).not.toBe(sealTokens('s', 'h', tokens));
  });
});

describe('SessionTokens', () => {
  let db: DuckdbDriver;
  let sessions: SessionStore;
  let refresh: TokenRefresher | undefined;
  let refreshes: string[];
  let store: SessionTokens;

  beforeEach(async () => {
    db = await DuckdbDriver.connect({ path: ':memory:' });
    await migrateSystemStore(db);
    sessions = await SessionStore.open(db, { idleMs: 8 * HOUR, absoluteMs: 24 * HOUR });
    refreshes = [];
    refresh = undefined;
    store = new SessionTokens(db, sessions, () =>
      refresh
        ? (token) => {
            refreshes.push(token);
            return refresh!(token);
          }
        : undefined,
    );
  });
  afterEach(async () => {
    await sessions.close();
    await db.close();
  });

  const issued = (n: number, now = START): UserTokenSet => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt: now + HOUR });

  it('serves the access token until a minute before expiry, then refreshes once for concurrent requests', async () => {
    const { id } = await sessions.create('oliver', START);
    await store.keep(id, 'oliver', issued(1), START);
    expect(await store.accessToken(id, 'oliver', START + HOUR - 61_000)).toBe('access-1');
    refresh = async () => issued(2, START + HOUR);
    const at = START + HOUR - 30_000;
    expect(await Promise.all([store.accessToken(id, 'oliver', at), store.accessToken(id, 'oliver', at)])).toEqual(['access-2', 'access-2']);
    expect(refreshes).toEqual(['refresh-1']);
    // Another server reading the store opens the refreshed tokens.
    const elsewhere = new SessionTokens(db, sessions, () => undefined);
    expect(await elsewhere.accessToken(id, 'oliver', at)).toBe('access-2');
  });

  it('uses tokens another server refreshed (and rotated) instead of refreshing with a spent refresh token', async () => {
    const { id } = await sessions.create('oliver', START);
    await store.keep(id, 'oliver', issued(1), START);
    expect(await store.accessToken(id, 'oliver', START)).toBe('access-1');
    const elsewhere = new SessionTokens(db, sessions, () => async () => issued(2, START + HOUR));
    expect(await elsewhere.accessToken(id, 'oliver', START + HOUR)).toBe('access-2');
    refresh = async () => {
      throw new AppError('AUTH_OIDC_INVALID', 'invalid_grant: refresh-1 was rotated');
    };
    expect(await store.accessToken(id, 'oliver', START + HOUR)).toBe('access-2');
    expect(refreshes).toEqual([]);
  });

  it('keeps the tokens another server refreshed while this one’s refresh was refused (the refresh token was spent there)', async () => {
    const { id } = await sessions.create('oliver', START);
    await store.keep(id, 'oliver', issued(1), START);
    const elsewhere = new SessionTokens(db, sessions, () => async () => issued(2, START + HOUR));
    refresh = async () => {
      // While this server waits on the provider, the other one refreshes with the same refresh token and wins.
      expect(await elsewhere.accessToken(id, 'oliver', START + HOUR)).toBe('access-2');
      throw new AppError('AUTH_OIDC_INVALID', 'invalid_grant: refresh-1 was already used');
    };
    expect(await store.accessToken(id, 'oliver', START + HOUR)).toBe('access-2');
    const { rows } = await runSql(db, sql`SELECT count(*) AS n FROM session_tokens`);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('keeps the refresh token a provider did not rotate', async () => {
    const { id } = await sessions.create('oliver', START);
    await store.keep(id, 'oliver', issued(1), START);
    refresh = async () => ({ accessToken: 'access-2', expiresAt: START + 2 * HOUR });
    expect(await store.accessToken(id, 'oliver', START + HOUR)).toBe('access-2');
    refresh = async () => issued(3, START + 2 * HOUR);
    expect(await store.accessToken(id, 'oliver', START + 2 * HOUR)).toBe('access-3');
    expect(refreshes).toEqual(['refresh-1', 'refresh-1']);
  });

  it('keeps the tokens while the provider cannot be reached, serving the access token until it expires', async () => {
    const { id } = await sessions.create('oliver', START);
    await store.keep(id, 'oliver', issued(1), START);
    refresh = async () => {
      throw new AppError('AUTH_OIDC_UNAVAILABLE', 'The identity provider could not be reached.');
    };
    expect(await store.accessToken(id, 'oliver', START + HOUR - 10_000)).toBe('access-1');
    expect(await store.accessToken(id, 'oliver', START + HOUR + 1)).toBeUndefined();
    refresh = async () => issued(2, START + HOUR);
    expect(await store.accessToken(id, 'oliver', START + HOUR + 2)).toBe('access-2');
  });

  it('forgets tokens the provider refuses to refresh, and tokens without a refresh token at expiry', async () => {
    const { id } = await sessions.create('oliver', START);
    await store.keep(id, 'oliver', issued(1), START);
    refresh = async () => {
      throw new AppError('AUTH_OIDC_INVALID', 'invalid_grant');
    };
    expect(await store.accessToken(id, 'oliver', START + HOUR)).toBeUndefined();
    const { rows } = await runSql(db, sql`SELECT count(*) AS n FROM session_tokens`);
    expect(Number(rows[0]!.n)).toBe(0);
    const other = await sessions.create('petra', START);
    await store.keep(other.id, 'petra', { accessToken: 'short', expiresAt: START + HOUR }, START);
    expect(await store.accessToken(other.id, 'petra', START + HOUR)).toBeUndefined();
  });

  it('removes the tokens with their session: logout, and every session of a user', async () => {
    const first = await sessions.create('oliver', START);
    const second = await sessions.create('oliver', START);
    const third = await sessions.create('petra', START);
    for (const [{ id }, user] of [
      [first, 'oliver'],
      [second, 'oliver'],
      [third, 'petra'],
    ] as const)
      await store.keep(id, user, issued(1), START);
    await sessions.delete(first.id);
    expect(await store.accessToken(first.id, 'oliver', START)).toBeUndefined();
    await sessions.deleteForUser('oliver');
    expect(await store.accessToken(second.id, 'oliver', START)).toBeUndefined();
    const { rows } = await runSql(db, sql`SELECT id_hash FROM session_tokens`);
    expect(rows.map((r) => r.id_hash)).toEqual([hashSessionId(third.id)]);
  });
});
