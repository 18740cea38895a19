import { apiRequest } from '../api/client';
import { parsePresence } from '../api/events';
import type { PresenceList, PresencePerson, RowKey } from '../api/types';

/** How often a tab says again where it is (the server forgets it after 45 s of silence). */
const HEARTBEAT_MS = 20_000;

function newTabId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** This tab's id: its event stream and its announcements carry it, so the stream's end ends its presence. */
export const TAB_ID = newTabId();

const EMPTY: readonly PresencePerson[] = [];

export interface EditingRow {
  block: string;
  table: string;
  key: RowKey;
}

interface Where {
  app: string;
  page: string;
  editing: EditingRow | null;
}

/**
 * Who else is on each app (as the server last said), and where this tab is: it announces its page
 * and the row it edits when they change, again every 20 s and when its event stream reconnects,
 * and leaves when the page closes. Components read one app's list (`others`) and re-render only
 * when that list changes.
 */
class PresenceStore {
  private readonly lists = new Map<string, readonly PresencePerson[]>();
  private readonly listeners = new Set<() => void>();
  private where: Where | null = null;
  /** Where the tab was when the page was hidden: a page restored from the back/forward cache says it again. */
  private parked: Where | null = null;
  private heartbeat: number | undefined;
  /** The JSON of the last announcement sent, so that only changes are sent. */
  private sent = '';
  private leaving: number | undefined;
  private queued = false;
  private inFlight = false;
  private again = false;

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('pagehide', () => {
      this.parked = this.where;
      this.leave(true);
    });
    window.addEventListener('pageshow', (event) => {
      if (!event.persisted || !this.parked || this.where) return;
      this.where = this.parked;
      this.announce();
    });
  }

  others(app: string): readonly PresencePerson[] {
    return this.lists.get(app) ?? EMPTY;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** A `presence` event, or the answer to an announcement. */
  receive(list: PresenceList): void {
    this.lists.set(list.app, list.others);
    for (const listener of [...this.listeners]) listener();
  }

  /** The tab shows `page` of `app` (no row edited). */
  show(app: string, page: string): void {
    // A page change: the next page's announcement replaces the last, no leave in between.
    window.clearTimeout(this.leaving);
    this.where = { app, page, editing: null };
    this.announce();
  }

  /** The tab opened an editor on a row of a grid on its page, or closed it (`null`). */
  edit(editing: EditingRow | null): void {
    if (!this.where) return;
    this.where = { ...this.where, editing };
    this.announce();
  }

  /** The page closed (`closing`: the request outlives it), or the tab left the app. */
  leave(closing = false): void {
    const where = this.where;
    this.where = null;
    this.sent = '';
    window.clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    if (!where) return;
    const send = () => {
      apiRequest('DELETE', `/api/apps/${encodeURIComponent(where.app)}/presence/${TAB_ID}`, undefined, { keepalive: closing }).catch(() => undefined);
    };
    if (closing) return send();
    window.clearTimeout(this.leaving);
    this.leaving = window.setTimeout(send, 0);
  }

  /** The event stream (re)connected, or the user's access changed: say again where the tab is (and hear who is there). */
  reconnected(): void {
    this.sent = '';
    this.announce();
  }

  /**
   * Sends where the tab is, once per change: changes in one turn (an editor closing on one row and
   * opening on the next) go as one announcement, and one waits for the last to be answered, so the
   * server always ends with the latest.
   */
  private announce(force = false): void {
    if (force) this.sent = '';
    if (this.queued) return;
    this.queued = true;
    window.setTimeout(() => {
      this.queued = false;
      void this.flush();
    }, 0);
  }

  private async flush(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const where = this.where;
    if (!where) return;
    const body = { tab: TAB_ID, page: where.page, ...(where.editing ? { editing: where.editing } : {}) };
    const text = JSON.stringify([where.app, body]);
    if (text === this.sent) return;
    this.sent = text;
    window.clearInterval(this.heartbeat);
    this.heartbeat = window.setInterval(() => this.announce(true), HEARTBEAT_MS);
    this.inFlight = true;
    try {
      const list = parsePresence(await apiRequest<unknown>('POST', `/api/apps/${encodeURIComponent(where.app)}/presence`, body));
      if (list) this.receive(list);
    } catch {
      // A row that cannot be announced (gone, or no longer readable) is not fatal: the page still is.
      if (this.where === where && where.editing) this.edit(null);
    } finally {
      this.inFlight = false;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    }
  }
}

export const presence = new PresenceStore();
