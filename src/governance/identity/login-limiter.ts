import { createHash } from 'node:crypto';
import type { SqlRunner } from '../../warehouse/driver.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { runSql, sql } from '../../warehouse/sql.js';

/** Limits on failed logins; the defaults are the documented ones. */
export interface LoginLimits {
  /** Failed attempts allowed within `windowMs` before logins are refused. */
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

export type Guarded<T> = { admitted: true; result: T | undefined } | { admitted: false; retryAfterSeconds: number };

export interface LoginLimiter {
  /**
   * Runs `check` (the password check: a value when it passes, undefined when
   * it fails) unless `key` has `maxFailures` failures within the window, in
   * which case it answers with the seconds to wait. A failed check is
   * counted, a passed one forgets the key's failures.
   */
  guard<T>(key: string, check: () => Promise<T | undefined>, now?: () => number): Promise<Guarded<T>>;
}

/** The key failed logins are counted under: the username as typed and the client address. */
export function loginKey(username: string, ip: string): string {
  return `${ip}\u0000${username}`;
}

/** Expired failures are deleted at most this often per server. */
const PRUNE_EVERY_MS = 60_000;

/** `login_failures` (system store, created by the migrations). */
export const LOGIN_FAILURES_TABLE_SPEC: TableSpec = {
  name: 'login_failures',
  columns: [column.text('key_hash', true), column.bigint('failed_at', true)],
  indexes: [{ name: 'login_failures_key', columns: ['key_hash'] }],
};

/**
 * Sliding-window counter of failed logins per key, kept in the system store:
 * every server sharing the store counts the same failures, so N servers
 * behind a load balancer still allow `maxFailures` per window. On each
 * server the checks of one key run one at a time, so a burst of parallel
 * guesses cannot all pass the count before any of them is recorded (across
 * servers, at most one guess per server can overlap). Only a hash of the key
 * is stored.
 */
export function createLoginLimiter(db: SqlRunner, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  /** The check in progress per key on this server (only keys being checked are held). */
  const inFlight = new Map<string, Promise<unknown>>();
  let prunedAt = 0;

  async function guardNow<T>(keyHash: string, check: () => Promise<T | undefined>, now: () => number): Promise<Guarded<T>> {
    const at = now();
    const since = at - limits.windowMs;
    if (at - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = at;
      await runSql(db, sql`DELETE FROM login_failures WHERE failed_at <= ${since}`);
    }
    const { rows } = await runSql(db, sql`SELECT failed_at FROM login_failures WHERE key_hash = ${keyHash} AND failed_at > ${since}`);
    if (rows.length >= limits.maxFailures) {
      const times = rows.map((r) => Number(r.failed_at)).sort((a, b) => a - b);
      // Locked until enough failures have left the window to drop below the limit.
      const unlockAt = times[times.length - limits.maxFailures]! + limits.windowMs;
      return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((unlockAt - at) / 1000)) };
    }
    const result = await check();
    if (result === undefined) await runSql(db, sql`INSERT INTO login_failures (key_hash, failed_at) VALUES (${keyHash}, ${now()})`);
    else if (rows.length) await runSql(db, sql`DELETE FROM login_failures WHERE key_hash = ${keyHash}`);
    return { admitted: true, result };
  }

  return {
    async guard(key, check, now = Date.now) {
      const keyHash = createHash('sha256').update(key).digest('hex');
      const previous = inFlight.get(keyHash) ?? Promise.resolve();
      const mine = previous.catch(() => undefined).then(() => guardNow(keyHash, check, now));
      inFlight.set(keyHash, mine);
      try {
        return await mine;
      } finally {
        if (inFlight.get(keyHash) === mine) inFlight.delete(keyHash);
      }
    },
  };
}
