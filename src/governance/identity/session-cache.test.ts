import { describe, expect, it } from 'vitest';
import { SessionCache, type CachedSession } from './session-cache.js';

const entry = (userId: string, cachedAt = 0): CachedSession => ({ userId, csrfToken: 'csrf', createdAt: 0, lastSeenAt: 0, user: undefined, cachedAt });

describe('SessionCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new SessionCache({ maxEntries: 2, maxAgeMs: 1000 });
    cache.set('a', entry('ada'), cache.generation);
    cache.set('b', entry('bob'), cache.generation);
    expect(cache.get('a', 0)).toBeDefined();
    cache.set('c', entry('cy'), cache.generation);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)?.userId).toBe('ada');
    expect(cache.get('c', 0)?.userId).toBe('cy');
  });

  it('gives nothing for an entry older than maxAgeMs, or from a clock that went back', () => {
    const cache = new SessionCache({ maxEntries: 10, maxAgeMs: 1000 });
    cache.set('a', entry('ada', 5000), cache.generation);
    expect(cache.get('a', 6000)).toBeDefined();
    expect(cache.get('a', 4999)).toBeUndefined();
    cache.set('a', entry('ada', 5000), cache.generation);
    expect(cache.get('a', 6001)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses an entry read before an invalidation', () => {
    const cache = new SessionCache();
    const generation = cache.generation;
    cache.forgetUser('someone else');
    cache.set('a', entry('ada'), generation);
    expect(cache.get('a', 0)).toBeUndefined();
  });

  it('forgets one session, every session of a user, or everything', () => {
    const cache = new SessionCache();
    for (const [id, userId] of [
      ['a1', 'ada'],
      ['a2', 'ada'],
      ['b1', 'bob'],
      ['b2', 'bob'],
    ])
      cache.set(id!, entry(userId!), cache.generation);
    cache.forgetUser('ada');
    expect([cache.get('a1', 0), cache.get('a2', 0)]).toEqual([undefined, undefined]);
    cache.forget('b1');
    expect(cache.get('b1', 0)).toBeUndefined();
    expect(cache.get('b2', 0)?.userId).toBe('bob');
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
