import { randomUUID } from 'node:crypto';
import type { NotificationChannel } from '../../warehouse/driver.js';
import type { CachedToken, SessionCache } from './session-cache.js';

const CHANNEL = 'roundtrip_sessions';

export interface SessionInvalidationOptions {
  /** How often this server sends itself a heartbeat through the channel. */
  heartbeatMs: number;
  /** The cache is trusted only this long after the last heartbeat came back. */
  trustMs: number;
  clock: () => number;
}

const DEFAULTS: SessionInvalidationOptions = { heartbeatMs: 1000, trustMs: 3000, clock: Date.now };

/** What one server tells the others to drop: every session and token of a user, one session, or one API token. */
export type SessionInvalidation = { username: string } | { idHash: string } | { tokenId: string };

/**
 * What an invalidation listener hears: one invalidation, or `all` when the
 * caches were emptied because an invalidation may have been lost.
 */
export type InvalidationNotice = SessionInvalidation | 'all';

/** The caches invalidations apply to: sessions by id hash, API tokens by token id. */
export interface IdentityCaches {
  sessions: SessionCache;
  tokens: SessionCache<CachedToken>;
}

/**
 * Keeps the session and token caches of several servers on one PostgreSQL
 * system store consistent: each invalidation is sent on `roundtrip_sessions`
 * (`u:<username>`, `s:<idHash>` or `t:<tokenId>`) and every server drops the
 * matching entries.
 *
 * A notification sent while a listener is reconnecting is lost, and the
 * channel does not tell when that happens. So each server also sends itself
 * a numbered heartbeat (`p:<origin>:<n>`): the cache is used only while the
 * heartbeats come back, and it is emptied when one went missing or came back
 * late, since an invalidation may have been lost with it.
 */
export class SessionInvalidations {
  private readonly origin = randomUUID();
  private sent = 0;
  private received = 0;
  private lastEcho = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly listeners = new Set<(notice: InvalidationNotice) => void>();

  private constructor(
    private readonly channel: NotificationChannel,
    private readonly caches: IdentityCaches,
    private readonly options: SessionInvalidationOptions,
  ) {}

  /** Listens, clears the caches (anything cached before may be stale) and starts the heartbeat. */
  static async connect(channel: NotificationChannel, caches: IdentityCaches, options: Partial<SessionInvalidationOptions> = {}): Promise<SessionInvalidations> {
    const invalidations = new SessionInvalidations(channel, caches, { ...DEFAULTS, ...options });
    invalidations.unlisten = await channel.listen(CHANNEL, (payload) => invalidations.receive(payload));
    invalidations.clearCaches();
    invalidations.timer = setInterval(() => invalidations.sendHeartbeat(), invalidations.options.heartbeatMs);
    // The heartbeat must not keep a CLI command's process alive.
    invalidations.timer.unref();
    invalidations.sendHeartbeat();
    return invalidations;
  }

  /** Whether invalidations from other servers are known to arrive (the last heartbeat came back recently). */
  isCurrent(): boolean {
    return this.options.clock() - this.lastEcho <= this.options.trustMs;
  }

  /**
   * Calls `listener` after each invalidation received from the channel has been
   * applied to the caches, and with `all` whenever the caches were emptied
   * (e.g. open event streams re-check who their user is). Returns the unsubscribe.
   */
  onInvalidation(listener: (notice: InvalidationNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every server (this one included) to drop the matching cache entries. */
  async publish(invalidation: SessionInvalidation): Promise<void> {
    const payload =
      'username' in invalidation ? `u:${invalidation.username}` : 'idHash' in invalidation ? `s:${invalidation.idHash}` : `t:${invalidation.tokenId}`;
    await this.channel.notify(CHANNEL, payload);
  }

  /** Sends the next heartbeat; a failed send is a missing heartbeat, noticed when the next one comes back. */
  sendHeartbeat(): void {
    this.sent += 1;
    this.channel.notify(CHANNEL, `p:${this.origin}:${this.sent}`).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.unlisten?.();
  }

  private receive(payload: string): void {
    const kind = payload.slice(0, 2);
    const value = payload.slice(2);
    if (kind === 'u:') {
      this.caches.sessions.forgetUser(value);
      this.caches.tokens.forgetUser(value);
      this.tell({ username: value });
    } else if (kind === 's:') {
      this.caches.sessions.forget(value);
      this.tell({ idHash: value });
    } else if (kind === 't:') {
      this.caches.tokens.forget(value);
      this.tell({ tokenId: value });
    } else if (kind === 'p:' && value.startsWith(`${this.origin}:`)) this.receiveHeartbeat(Number(value.slice(this.origin.length + 1)));
  }

  private clearCaches(): void {
    this.caches.sessions.clear();
    this.caches.tokens.clear();
    this.tell('all');
  }

  private tell(notice: InvalidationNotice): void {
    for (const listener of this.listeners) listener(notice);
  }

  private receiveHeartbeat(n: number): void {
    const now = this.options.clock();
    if (n !== this.received + 1 || now - this.lastEcho > this.options.trustMs) this.clearCaches();
    this.received = n;
    this.lastEcho = now;
  }
}
