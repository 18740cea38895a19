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

  /** A changeset committed here: tell the other servers, then local views. */
  publish(event: ChangeEvent): void {
    // The relay only starts its send: the others' views need not wait for this server's fan-out.
    this.relay?.send(event);
    this.emitter.emit('change', event);
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
