import { EventEmitter } from 'node:events';
import type { ChangeEvent } from '../writeback/change-event.js';

/** Carries events to the other servers sharing the system store. */
export interface ChangeRelay {
  send(event: ChangeEvent): void;
}

/**
 * Fans committed changesets out to open views in this process, and through a
 * relay (PostgreSQL LISTEN/NOTIFY on the shared system store) to other servers.
 */
export class ChangeBus {
  private readonly emitter = new EventEmitter();
  private relay?: ChangeRelay;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** A changeset committed here: tell local views and the other servers. */
  publish(event: ChangeEvent): void {
    this.emitter.emit('change', event);
    this.relay?.send(event);
  }

  /** A changeset committed on another server: tell local views only. */
  receive(event: ChangeEvent): void {
    this.emitter.emit('change', event);
  }

  useRelay(relay: ChangeRelay | undefined): void {
    this.relay = relay;
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
