import { randomUUID } from 'node:crypto';
import type { NotificationChannel } from '../../warehouse/driver.js';
import type { SessionCache } from './session-cache.js';

const CHANNEL = 'roundtrip_sessions';

export interface SessionInvalidationOptions {
  /** How often this server sends itself a heartbeat through the channel. */
  heartbeatMs: number;
  /** The cache is trusted only this long after the last heartbeat came back. */
  trustMs: number;
  clock: () => number;
}

const DEFAULTS: SessionInvalidationOptions = { heartbeatMs: 1000, trustMs: 3000, clock: Date.now };

/** What one server tells the others to drop: every session of a user, or one session. */
export type SessionInvalidation = { username: string } | { idHash: string };

/**
 * Keeps the session caches of several servers on one PostgreSQL system store
 * consistent: each invalidation is sent on `roundtrip_sessions` (`u:<username>`
 * or `s:<idHash>`) and every server drops the matching entries.
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

  private constructor(
    private readonly channel: NotificationChannel,
    private readonly cache: SessionCache,
    private readonly options: SessionInvalidationOptions,
  ) {}

  /** Listens, clears the cache (anything cached before may be stale) and starts the heartbeat. */
  static async connect(channel: NotificationChannel, cache: SessionCache, options: Partial<SessionInvalidationOptions> = {}): Promise<SessionInvalidations> {
    const invalidations = new SessionInvalidations(channel, cache, { ...DEFAULTS, ...options });
    invalidations.unlisten = await channel.listen(CHANNEL, (payload) => invalidations.receive(payload));
    cache.clear();
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

  /** Tells every server (this one included) to drop the matching cache entries. */
  async publish(invalidation: SessionInvalidation): Promise<void> {
    await this.channel.notify(CHANNEL, 'username' in invalidation ? `u:${invalidation.username}` : `s:${invalidation.idHash}`);
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
    if (kind === 'u:') this.cache.forgetUser(value);
    else if (kind === 's:') this.cache.forgetSession(value);
    else if (kind === 'p:' && value.startsWith(`${this.origin}:`)) this.receiveHeartbeat(Number(value.slice(this.origin.length + 1)));
  }

  private receiveHeartbeat(n: number): void {
    const now = this.options.clock();
    if (n !== this.received + 1 || now - this.lastEcho > this.options.trustMs) this.cache.clear();
    this.received = n;
    this.lastEcho = now;
  }
}
