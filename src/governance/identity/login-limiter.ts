/** Limits on failed logins; the defaults are the documented ones. */
export interface LoginLimits {
  /** Failed attempts allowed within `windowMs` before logins are refused. */
  maxFailures: number;
  windowMs: number;
  /** Keys remembered at most, so a flood of made-up usernames cannot exhaust memory. */
  maxKeys: number;
}

export interface LoginLimiter {
  /** Seconds until `key` may try again, or undefined when it may try now. */
  retryAfterSeconds(key: string, now?: number): number | undefined;
  /** Counts a failed attempt. */
  recordFailure(key: string, now?: number): void;
  /** Forgets the failures of `key` (after a successful login). */
  reset(key: string): void;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxFailures: 10, windowMs: 15 * 60 * 1000, maxKeys: 100_000 };

/** The key failed logins are counted under: the username as typed and the client address. */
export function loginKey(username: string, ip: string): string {
  return `${ip}\u0000${username}`;
}

/**
 * Sliding-window counter of failed logins per key, in memory. Each server
 * counts on its own: behind a load balancer with N servers an attacker gets
 * at most N × `maxFailures` attempts per window.
 */
export function createLoginLimiter(limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const times = (failures.get(key) ?? []).filter((t) => now - t < limits.windowMs);
    if (times.length) failures.set(key, times);
    else failures.delete(key);
    return times;
  };

  const prune = (now: number) => {
    for (const key of failures.keys()) recent(key, now);
    // Still full of live keys: drop the oldest (Map keeps insertion order).
    for (const key of failures.keys()) {
      if (failures.size < limits.maxKeys) break;
      failures.delete(key);
    }
  };

  return {
    retryAfterSeconds(key, now = Date.now()) {
      const times = recent(key, now);
      if (times.length < limits.maxFailures) return undefined;
      // Locked until enough failures have left the window to drop below the limit.
      const unlockAt = times[times.length - limits.maxFailures]! + limits.windowMs;
      return Math.max(1, Math.ceil((unlockAt - now) / 1000));
    },
    recordFailure(key, now = Date.now()) {
      if (!failures.has(key) && failures.size >= limits.maxKeys) prune(now);
      const times = recent(key, now);
      times.push(now);
      // Only the newest maxFailures matter for the lock.
      failures.set(key, times.slice(-limits.maxFailures));
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
