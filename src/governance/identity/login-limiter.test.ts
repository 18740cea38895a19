import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckdbDriver } from '../../warehouse/duckdb/duckdb-driver.js';
import { migrateSystemStore } from '../../runtime/migrations/apply-migrations.js';
import { createLoginLimiter, loginKey, type LoginLimiter } from './login-limiter.js';

const MINUTE = 60_000;
const key = loginKey('ada', '127.0.0.1');
const at = (ms: number) => () => ms;

// A real embedded system store; the PostgreSQL one is covered by the two-server tests.
let db: DuckdbDriver;

beforeEach(async () => {
  db = await DuckdbDriver.connect({ path: ':memory:' });
  await migrateSystemStore(db);
});
afterEach(() => db.close());

const wrong = async () => undefined;
const right = async () => 'principal';
const fail = (limiter: LoginLimiter, k: string, ms: number) => limiter.guard(k, wrong, at(ms));
const storedFailures = async () => Number((await db.query('SELECT count(*) AS n FROM login_failures')).rows[0]!.n);

describe('createLoginLimiter', () => {
  it('locks a key after 10 failures within 15 minutes until the oldest leaves the window', async () => {
    const limiter = createLoginLimiter(db);
    const start = 1_000_000;
    for (let i = 0; i < 10; i += 1) expect(await fail(limiter, key, start + i * MINUTE)).toEqual({ admitted: true, result: undefined });
    let checked = false;
    const probe = async () => ((checked = true), 'principal');
    expect(await limiter.guard(key, probe, at(start + 10 * MINUTE))).toEqual({ admitted: false, retryAfterSeconds: 5 * 60 });
    expect(await limiter.guard(key, probe, at(start + 15 * MINUTE - 1))).toEqual({ admitted: false, retryAfterSeconds: 1 });
    // While locked the password is not even checked.
    expect(checked).toBe(false);
    expect(await limiter.guard(key, wrong, at(start + 15 * MINUTE))).toEqual({ admitted: true, result: undefined });
    expect(await limiter.guard(key, right, at(start + 15 * MINUTE + 1))).toEqual({ admitted: false, retryAfterSeconds: 60 });
  });

  it('counts failures spread over more than the window as fewer', async () => {
    const limiter = createLoginLimiter(db);
    for (let i = 0; i < 20; i += 1) await fail(limiter, key, i * 2 * MINUTE);
    // At minute 38, failures from minutes 24..38 are in the window: 8 of them.
    expect(await limiter.guard(key, right, at(38 * MINUTE + 1))).toEqual({ admitted: true, result: 'principal' });
  });

  it('keeps keys apart and forgets a key after a passed check', async () => {
    const limiter = createLoginLimiter(db, { maxFailures: 2, windowMs: MINUTE });
    await fail(limiter, key, 0);
    await fail(limiter, key, 1);
    expect(await limiter.guard(key, right, at(2))).toEqual({ admitted: false, retryAfterSeconds: 60 });
    expect((await limiter.guard(loginKey('ada', '10.0.0.2'), right, at(2))).admitted).toBe(true);
    expect((await limiter.guard(loginKey('bob', '127.0.0.1'), right, at(2))).admitted).toBe(true);

    const other = loginKey('cy', 'ip');
    await fail(limiter, other, 0);
    expect(await limiter.guard(other, right, at(1))).toEqual({ admitted: true, result: 'principal' });
    await fail(limiter, other, 2);
    expect((await limiter.guard(other, wrong, at(3))).admitted).toBe(true);
  });

  it('checks one key at a time: of a burst of parallel wrong guesses, exactly maxFailures are checked', async () => {
    const limiter = createLoginLimiter(db, { maxFailures: 3, windowMs: MINUTE });
    let checks = 0;
    const slowWrong = async () => {
      checks += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return undefined;
    };
    const results = await Promise.all(Array.from({ length: 40 }, () => limiter.guard(key, slowWrong, at(1_000))));
    expect(checks).toBe(3);
    expect(results.filter((r) => r.admitted)).toHaveLength(3);
    expect(await storedFailures()).toBe(3);
  });

  it('lets parallel logins with the right password all through', async () => {
    const limiter = createLoginLimiter(db, { maxFailures: 3, windowMs: MINUTE });
    const results = await Promise.all(Array.from({ length: 16 }, () => limiter.guard(key, right, at(1_000))));
    expect(results.every((r) => r.admitted && r.result === 'principal')).toBe(true);
  });

  it('is shared by every limiter on the same store (other servers) and stores no username or address', async () => {
    const serverA = createLoginLimiter(db, { maxFailures: 2, windowMs: MINUTE });
    const serverB = createLoginLimiter(db, { maxFailures: 2, windowMs: MINUTE });
    await fail(serverA, key, 0);
    await fail(serverB, key, 1);
    expect(await serverA.guard(key, right, at(2))).toEqual({ admitted: false, retryAfterSeconds: 60 });
    expect(await serverB.guard(key, right, at(2))).toEqual({ admitted: false, retryAfterSeconds: 60 });
    const { rows } = await db.query('SELECT * FROM login_failures');
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/ada|127\.0\.0\.1/);
  });

  it('deletes failures that left the window', async () => {
    await fail(createLoginLimiter(db, { maxFailures: 5, windowMs: MINUTE }), loginKey('old', 'ip'), 0);
    await fail(createLoginLimiter(db, { maxFailures: 5, windowMs: MINUTE }), loginKey('new', 'ip'), 2 * MINUTE);
    expect(await storedFailures()).toBe(1);
  });
});
