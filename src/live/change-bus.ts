import { EventEmitter } from 'node:events';
import type { ChangeEvent } from '../writeback/change-event.js';

/**
 * Fans committed changesets out to open views in this process. Several
 * servers share events through the system store's notification channel
 * (PostgreSQL LISTEN/NOTIFY) feeding `publish` on each server.
 */
export class ChangeBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: ChangeEvent): void {
    this.emitter.emit('change', event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
