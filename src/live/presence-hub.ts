import { EventEmitter } from 'node:events';
import { PresenceRegistry, type PresenceEntry, type PresenceRegistryOptions } from './presence-registry.js';

/** What servers tell each other about presence (see `connectPresenceRelay`). */
export type PresenceMessage =
  | { op: 'announce'; entry: Omit<PresenceEntry, 'at' | 'origin'> }
  | { op: 'leave'; userId: string; tab: string }
  /** A server started: the others announce their tabs again. */
  | { op: 'hello' }
  /** A server is shutting down: its tabs are gone. */
  | { op: 'bye' };

export interface PresenceRelay {
  send(message: PresenceMessage): void;
}

const SWEEP_MS = 5000;

/**
 * The presence of this server's tabs and, through a relay, of the other
 * servers': announcements and leaves go to the registry and to the relay;
 * listeners hear which apps changed (coalesced: one call per app per turn).
 */
export class PresenceHub {
  readonly registry: PresenceRegistry;
  private readonly emitter = new EventEmitter();
  private relay?: PresenceRelay;
  private readonly pending = new Set<string>();
  private flushing = false;
  private readonly sweep: NodeJS.Timeout;

  constructor(options: PresenceRegistryOptions & { sweepMs?: number } = {}) {
    this.registry = new PresenceRegistry(options);
    this.emitter.setMaxListeners(0);
    this.sweep = setInterval(() => this.changed(this.registry.expire()), options.sweepMs ?? SWEEP_MS);
    this.sweep.unref();
  }

  /** A tab of this server announced itself. */
  announce(entry: Omit<PresenceEntry, 'at' | 'origin'>): void {
    this.changed(this.registry.announce(entry));
    this.relay?.send({ op: 'announce', entry });
  }

  /** A tab of this server left (or its stream closed). */
  leave(userId: string, tab: string): void {
    const apps = this.registry.leave(userId, tab);
    this.changed(apps);
    if (apps.length) this.relay?.send({ op: 'leave', userId, tab });
  }

  /** A message from another server. */
  receive(origin: string, message: PresenceMessage): void {
    if (message.op === 'announce') this.changed(this.registry.announce({ ...message.entry, origin }));
    else if (message.op === 'leave') this.changed(this.registry.leave(message.userId, message.tab));
    else if (message.op === 'bye') this.changed(this.registry.leaveOrigin(origin));
    else for (const { at: _at, origin: _origin, ...entry } of this.registry.local()) this.relay?.send({ op: 'announce', entry });
  }

  useRelay(relay: PresenceRelay | undefined): void {
    this.relay = relay;
  }

  /** Calls `listener` with each app whose presence changed. */
  subscribe(listener: (app: string) => void): () => void {
    this.emitter.on('app', listener);
    return () => this.emitter.off('app', listener);
  }

  close(): void {
    clearInterval(this.sweep);
  }

  private changed(apps: readonly string[]): void {
    for (const app of apps) this.pending.add(app);
    if (this.pending.size === 0 || this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const apps = [...this.pending];
      this.pending.clear();
      for (const app of apps) this.emitter.emit('app', app);
    });
  }
}
