import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../errors/index.js';
import type { Row, WarehouseDriver } from '../../warehouse/driver.js';
import { raw, runSql, sql } from '../../warehouse/sql.js';
import { DEFAULT_SESSION_CACHE, SessionCache, type CachedSession, type CachedToken, type SessionCacheOptions } from './session-cache.js';
import { SessionInvalidations, type InvalidationNotice, type SessionInvalidation, type SessionInvalidationOptions } from './session-invalidations.js';
import { joinedUserColumns, joinedUserOf, type StoredUser } from './user-store.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';

/** The sessions table of the system store (only a hash of each session id is kept); a session's sealed OAuth tokens live in `session_tokens` (session-tokens.ts). */
export const SESSIONS_TABLE_SPEC: TableSpec = {
  name: 'sessions',
  columns: [
    column.text('id_hash', true),
    column.text('user_id', true),
    column.text('csrf_token', true),
    column.bigint('created_at', true),
    column.bigint('last_seen_at', true),
  ],
  primaryKey: ['id_hash'],
};

export interface Session {
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

/** A session as `inspect` finds it in the store. */
export type SessionState =
  | {
      state: 'live';
      /** The session's user row; undefined when no such user exists. */
      user: StoredUser | undefined;
      /** When the session ends unless a request comes first: idle or absolute expiry, whichever is sooner. */
      expiresAt: number;
    }
  | { state: 'expired' }
  | { state: 'missing' };

export interface SessionStoreOptions {
  /** Sessions end this long after the last request. */
  idleMs: number;
  /** Sessions end this long after login, whatever the activity. */
  absoluteMs: number;
  /** Size and maximum age of the in-memory cache of `fetchWithUser`. */
  cache?: Partial<SessionCacheOptions>;
  /** Heartbeat of the cross-server invalidations (system stores with notifications only). */
  invalidations?: Partial<SessionInvalidationOptions>;
}

const TOUCH_EVERY_MS = 60_000;
const USER_PREFIX = 'user_';

/**
 * Sessions in the system store. Only a hash of the session id is stored, so a
 * copy of the store cannot be replayed as cookies.
 *
 * `fetchWithUser`, read at every cookie-authenticated request, is served from
 * an in-memory cache while the session needs no touch and cannot have
 * expired. Every change to a session or user row invalidates it: `delete`,
 * `deleteForUser` and `forgetUsers` (called by `changeUsers` in
 * identity-stores.ts for every write to `users`), at once on this server and,
 * when the system store has notifications, on the other servers too.
 *
 * API tokens with their user rows are cached the same way (`cachedToken`,
 * `rememberToken`; read and checked in api-tokens.ts), dropped with their
 * user and by `forgetToken` when revoked.
 */
export class SessionStore {
  private readonly listeners = new Set<(notice: InvalidationNotice) => void>();

  private constructor(
    private readonly db: WarehouseDriver,
    private readonly options: SessionStoreOptions,
    private readonly cache: SessionCache,
    private readonly tokens: SessionCache<CachedToken>,
    private readonly invalidations: SessionInvalidations | undefined,
  ) {
    invalidations?.onInvalidation((notice) => this.tell(notice));
  }

  /** Opens the store (its table comes from the system migrations); listens for other servers' invalidations when the store can notify (stop with `close`). */
  static async open(db: WarehouseDriver, options: SessionStoreOptions): Promise<SessionStore> {
    const cacheOptions = { ...DEFAULT_SESSION_CACHE, ...options.cache };
    const caches = { sessions: new SessionCache(cacheOptions), tokens: new SessionCache<CachedToken>(cacheOptions) };
    const invalidations = db.notifications && (await SessionInvalidations.connect(db.notifications, caches, options.invalidations));
    return new SessionStore(db, options, caches.sessions, caches.tokens, invalidations);
  }

  /** Starts a session; returns the secret id for the cookie. */
  async create(userId: string, now = Date.now()): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await runSql(this.db, sql`INSERT INTO sessions VALUES (${hashSessionId(id)}, ${userId}, ${csrfToken}, ${now}, ${now})`);
    return { id, session: { userId, csrfToken, expiresAt: Math.min(now + this.options.idleMs, now + this.options.absoluteMs) } };
  }

  /** The session, read from the store (never the cache). */
  async fetch(id: string, now = Date.now()): Promise<Session | undefined> {
    const { rows } = await runSql(this.db, sql`SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ${hashSessionId(id)}`);
    return (await this.settle(id, rows[0], now))?.session;
  }

  /**
   * The session and its user's current row, with the expiry and touch rules
   * of `fetch`. Every cookie-authenticated request reads both: from the cache
   * when it holds a recent copy that needs no touch and cannot have expired,
   * otherwise in one query (a stale copy never ends a session; the store
   * decides). `user` is undefined when no such user exists.
   */
  async fetchWithUser(id: string, now = Date.now()): Promise<{ session: Session; user: StoredUser | undefined } | undefined> {
    const idHash = hashSessionId(id);
    const cache = this.usableCache();
    const cached = cache?.get(idHash, now);
    if (cached && !this.needsStore(cached, now)) return { session: this.sessionOf(cached, now), user: cached.user };

    const generation = this.cache.generation;
    const { rows } = await runSql(
      this.db,
      sql`SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, ${raw(joinedUserColumns('u', USER_PREFIX))}
       FROM sessions s LEFT JOIN users u ON u.username = s.user_id WHERE s.id_hash = ${idHash}`,
    );
    const settled = await this.settle(id, rows[0], now);
    if (!settled) return undefined;
    const user = joinedUserOf(rows[0]!, USER_PREFIX);
    // Checked again: the heartbeat may have lapsed during the query.
    if (this.usableCache()) this.cache.set(idHash, { ...settled.row, user, cachedAt: now }, generation);
    return { session: settled.session, user };
  }

  /**
   * The session and its user as the store has them now, read without the
   * cache and without recording activity (watching a session must not keep it
   * alive); an expired session is ended as `fetch` would.
   */
  async inspect(id: string, now = Date.now()): Promise<SessionState> {
    const { rows } = await runSql(
      this.db,
      sql`SELECT s.created_at, s.last_seen_at, ${raw(joinedUserColumns('u', USER_PREFIX))}
       FROM sessions s LEFT JOIN users u ON u.username = s.user_id WHERE s.id_hash = ${hashSessionId(id)}`,
    );
    const row = rows[0];
    if (!row) return { state: 'missing' };
    const expiresAt = Math.min(Number(row.last_seen_at) + this.options.idleMs, Number(row.created_at) + this.options.absoluteMs);
    if (now > expiresAt) {
      await this.delete(id);
      return { state: 'expired' };
    }
    return { state: 'live', user: joinedUserOf(row, USER_PREFIX), expiresAt };
  }

  /**
   * Calls `listener` whenever cached sessions or tokens are dropped: at once
   * for changes made on this server, and when another server's invalidation
   * arrives; `all` when every entry was dropped because an invalidation may
   * have been lost. Returns the unsubscribe.
   */
  onInvalidation(listener: (notice: InvalidationNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async delete(id: string): Promise<void> {
    const idHash = hashSessionId(id);
    await runSql(this.db, sql`DELETE FROM session_tokens WHERE id_hash = ${idHash}`);
    await runSql(this.db, sql`DELETE FROM sessions WHERE id_hash = ${idHash}`);
    await this.invalidate([{ idHash }]);
  }

  /** Ends every session of a user (logout everywhere, password change, disabled user). */
  async deleteForUser(userId: string): Promise<void> {
    await runSql(this.db, sql`DELETE FROM session_tokens WHERE id_hash IN (SELECT id_hash FROM sessions WHERE user_id = ${userId})`);
    await runSql(this.db, sql`DELETE FROM sessions WHERE user_id = ${userId}`);
    await this.invalidate([{ username: userId }]);
  }

  /**
   * Drops the cached sessions of these users here and on the other servers:
   * call it after every committed change of their `users` rows (see
   * `changeUsers`), so that the next request reads the new row.
   */
  async forgetUsers(usernames: Iterable<string>): Promise<void> {
    await this.invalidate([...usernames].map((username) => ({ username })));
  }

  /** Changes at every invalidation: read it before reading a token's rows, and pass it to `rememberToken`. */
  get tokenGeneration(): number {
    return this.tokens.generation;
  }

  /** A token and its user's row as cached (read within the cache's maximum age), or undefined. */
  cachedToken(tokenId: string, now: number): CachedToken | undefined {
    return this.usableCache() ? this.tokens.get(tokenId, now) : undefined;
  }

  /** Caches a token's rows, unless anything was invalidated since `generation` (they may be stale). */
  rememberToken(tokenId: string, entry: CachedToken, generation: number): void {
    if (this.usableCache()) this.tokens.set(tokenId, entry, generation);
  }

  /** Drops a token here and on the other servers: call it once its revocation committed. */
  async forgetToken(tokenId: string): Promise<void> {
    await this.invalidate([{ tokenId }]);
  }

  /** Stops listening for other servers' invalidations. */
  async close(): Promise<void> {
    await this.invalidations?.close();
  }

  /**
   * Drops the entries on this server at once (all of them, before a failed
   * send could stop it), then tells the others. Runs after the store changed:
   * a request that read the old row before then finds the cache's generation
   * moved on and does not store it.
   */
  private async invalidate(list: readonly SessionInvalidation[]): Promise<void> {
    for (const invalidation of list) {
      if ('username' in invalidation) {
        this.cache.forgetUser(invalidation.username);
        this.tokens.forgetUser(invalidation.username);
      } else if ('idHash' in invalidation) this.cache.forget(invalidation.idHash);
      else this.tokens.forget(invalidation.tokenId);
    }
    // Before the change's request answers: whatever follows it on this server sees the new state.
    for (const invalidation of list) this.tell(invalidation);
    const { invalidations } = this;
    if (invalidations) await Promise.all(list.map((invalidation) => invalidations.publish(invalidation)));
  }

  private tell(notice: InvalidationNotice): void {
    for (const listener of this.listeners) listener(notice);
  }

  /** The cache, unless other servers' invalidations may currently be missed. */
  private usableCache(): SessionCache | undefined {
    return !this.invalidations || this.invalidations.isCurrent() ? this.cache : undefined;
  }

  /** A cached row the store must see again: due for a touch, or possibly expired (another server may have touched it since). */
  private needsStore(cached: CachedSession, now: number): boolean {
    return now - cached.lastSeenAt > Math.min(TOUCH_EVERY_MS, this.options.idleMs) || now - cached.createdAt > this.options.absoluteMs;
  }

  /** The stored row of a live session, ending it when expired and recording activity at most once a minute. */
  private async settle(
    id: string,
    row: Row | undefined,
    now: number,
  ): Promise<{ session: Session; row: Omit<CachedSession, 'user' | 'cachedAt'> } | undefined> {
    if (!row) return undefined;
    const createdAt = Number(row.created_at);
    let lastSeenAt = Number(row.last_seen_at);
    if (now - lastSeenAt > this.options.idleMs || now - createdAt > this.options.absoluteMs) {
      await this.delete(id);
      return undefined;
    }
    if (now - lastSeenAt > TOUCH_EVERY_MS) {
      await runSql(this.db, sql`UPDATE sessions SET last_seen_at = ${now} WHERE id_hash = ${hashSessionId(id)}`).catch((error: unknown) => {
        // Another request of the session (a second tab, an event stream) stamped it at this moment: that stamp will do.
        if (!(error instanceof AppError && error.code === 'DRV_TRANSACTION_CONFLICT')) throw error;
      });
      lastSeenAt = now;
    }
    const stored = { userId: String(row.user_id), csrfToken: String(row.csrf_token), createdAt, lastSeenAt };
    return { session: this.sessionOf(stored, now), row: stored };
  }

  private sessionOf(row: { userId: string; csrfToken: string; createdAt: number }, now: number): Session {
    return { userId: row.userId, csrfToken: row.csrfToken, expiresAt: Math.min(now + this.options.idleMs, row.createdAt + this.options.absoluteMs) };
  }
}

/** What the store keeps of a session id (and what invalidations name): its SHA-256, hex. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
