import { describe, expect, it } from 'vitest';
import { createLoginLimiter, loginKey } from './login-limiter.js';

const MINUTE = 60_000;
const key = loginKey('ada', '127.0.0.1');

describe('createLoginLimiter', () => {
  it('locks a key after 10 failures within 15 minutes until the oldest leaves the window', () => {
    const limiter = createLoginLimiter();
    const start = 1_000_000;
    for (let i = 0; i < 10; i += 1) {
      expect(limiter.retryAfterSeconds(key, start + i * MINUTE)).toBeUndefined();
      limiter.recordFailure(key, start + i * MINUTE);
    }
    expect(limiter.retryAfterSeconds(key, start + 10 * MINUTE)).toBe(5 * 60);
    expect(limiter.retryAfterSeconds(key, start + 15 * MINUTE - 1)).toBe(1);
    expect(limiter.retryAfterSeconds(key, start + 15 * MINUTE)).toBeUndefined();
  });

  it('counts failures spread over more than the window as fewer', () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 20; i += 1) limiter.recordFailure(key, i * 2 * MINUTE);
    // At minute 38, failures from minutes 24..38 are in the window: 8 of them.
    expect(limiter.retryAfterSeconds(key, 38 * MINUTE + 1)).toBeUndefined();
  });

  it('keeps keys apart and forgets a key on reset', () => {
    const limiter = createLoginLimiter({ maxFailures: 2, windowMs: MINUTE, maxKeys: 100 });
    limiter.recordFailure(key, 0);
    limiter.recordFailure(key, 1);
    expect(limiter.retryAfterSeconds(key, 2)).toBe(60);
    expect(limiter.retryAfterSeconds(loginKey('ada', '10.0.0.2'), 2)).toBeUndefined();
    expect(limiter.retryAfterSeconds(loginKey('bob', '127.0.0.1'), 2)).toBeUndefined();
    limiter.reset(key);
    expect(limiter.retryAfterSeconds(key, 3)).toBeUndefined();
  });

  it('remembers at most maxKeys keys, dropping the oldest', () => {
    const limiter = createLoginLimiter({ maxFailures: 1, windowMs: MINUTE, maxKeys: 3 });
    for (const name of ['a', 'b', 'c', 'd']) limiter.recordFailure(loginKey(name, 'ip'), 0);
    expect(limiter.retryAfterSeconds(loginKey('a', 'ip'), 1)).toBeUndefined();
    expect(limiter.retryAfterSeconds(loginKey('d', 'ip'), 1)).toBe(60);
  });
});
