import type { StoredToken } from './token-store.js';
import type { StoredUser } from './user-store.js';

/** What every cached entry carries: the user it belongs to (dropped with them) and when it was read. */
export interface CacheEntry {
  userId: string;
  /** When the rows were read (the clock of the request that read them). */
  cachedAt: number;
}

/** A session row and its user's row as last read from the system store. */
export interface CachedSession extends CacheEntry {
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** The joined user row; undefined when no such user existed. */
  user: StoredUser | undefined;
}

/** An API token row (with its secret's hash) and its user's row as last read from the system store. */
export interface CachedToken extends CacheEntry {
  token: StoredToken;
  user: StoredUser | undefined;
}

export interface SessionCacheOptions {
  /** Entries kept at most; the least recently used go first. */
  maxEntries: number;
  /** An entry older than this is read again, whatever was invalidated: the safety net behind invalidation. */
  maxAgeMs: number;
}

export const DEFAULT_SESSION_CACHE: SessionCacheOptions = { maxEntries: 10_000, maxAgeMs: 30_000 };

/**
 * Live sessions by hash of their id, so that a request needs no system-store
 * query. Correctness rests on invalidation: whoever changes a session or user
 * row calls `forget`/`forgetUser` once the change committed. The same class
 * caches API tokens by token id (`CachedToken`).
 *
 * A read that started before an invalidation must not store what it read
 * (it may be the old row): callers take `generation` before reading and pass
 * it to `set`, which drops the entry when anything was invalidated since.
 */
export class SessionCache<E extends CacheEntry = CachedSession> {
  private readonly entries = new Map<string, E>();
  private invalidations = 0;

  constructor(private readonly options: SessionCacheOptions = DEFAULT_SESSION_CACHE) {}

  /** Changes at every invalidation; see `set`. */
  get generation(): number {
    return this.invalidations;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry (frozen: callers cannot change the cache), or undefined when there is none or it is older than `maxAgeMs`. */
  get(key: string, now: number): E | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (now - entry.cachedAt > this.options.maxAgeMs || now < entry.cachedAt) return undefined;
    // Re-inserted last: Map keeps insertion order, so the first key is the least recently used.
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Stores a frozen copy (the caller may change its own; no one can change the
   * cached one, so it is handed out without copying), unless something was
   * invalidated since `generation` was read.
   */
  set(key: string, entry: E, generation: number): void {
    if (generation !== this.invalidations) return;
    this.entries.delete(key);
    this.entries.set(key, deepFreeze(structuredClone(entry)));
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(key: string): void {
    this.invalidations += 1;
    this.entries.delete(key);
  }

  /** Drops every session of `username` (its session's user id, which is also the joined user's name). */
  forgetUser(username: string): void {
    this.invalidations += 1;
    for (const [key, entry] of this.entries) if (entry.userId === username) this.entries.delete(key);
  }

  clear(): void {
    this.invalidations += 1;
    this.entries.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
