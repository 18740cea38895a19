/** What a row a user is editing is, as announced: the grid, its table, the row's key and its values. */
export interface PresenceEditing {
  block: string;
  table: string;
  key: Record<string, unknown>;
  /**
   * The row as the announcer read it, for deciding who may learn its key
   * (read policies need the row's values). Never sent to clients.
   */
  row?: Record<string, unknown>;
}

/** One open tab of one user on one page of an app. */
export interface PresenceEntry {
  /** The client's tab id, unique per user (a tab re-announces under the same id). */
  tab: string;
  userId: string;
  displayName: string;
  app: string;
  page: string;
  editing?: PresenceEditing;
  /** Last announced (clock time); the entry lapses `ttlMs` later. */
  at: number;
  /** The server the tab is connected to, when not this one. */
  origin?: string;
}

export interface PresenceRegistryOptions {
  /** How long an entry lives without a new announcement. */
  ttlMs?: number;
  clock?: () => number;
}

export const PRESENCE_TTL_MS = 45_000;

/**
 * Who has which page of which app open, one entry per user and tab, on this
 * server and (through the relay) on the others. Entries lapse unless
 * announced again within the TTL; a tab that leaves or whose event stream
 * closes is removed at once. Every method that changes something returns the
 * apps whose presence changed, for the caller to push.
 */
export class PresenceRegistry {
  private readonly entries = new Map<string, PresenceEntry>();
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(options: PresenceRegistryOptions = {}) {
    this.ttlMs = options.ttlMs ?? PRESENCE_TTL_MS;
    this.clock = options.clock ?? Date.now;
  }

  /** Adds or refreshes a tab's entry; apps changed (the one it is on, and one it left). */
  announce(entry: Omit<PresenceEntry, 'at'> & { at?: number }): string[] {
    const id = entryId(entry.userId, entry.tab);
    const before = this.entries.get(id);
    const next: PresenceEntry = { ...entry, at: entry.at ?? this.clock() };
    this.entries.set(id, next);
    if (!before) return [next.app];
    if (before.app !== next.app) return [before.app, next.app];
    return sameView(before, next) ? [] : [next.app];
  }

  /** Removes a tab's entry (left, or its stream closed); the app changed, if it had one. */
  leave(userId: string, tab: string): string[] {
    const id = entryId(userId, tab);
    const before = this.entries.get(id);
    if (!before) return [];
    this.entries.delete(id);
    return [before.app];
  }

  /** Removes the entries another server announced (it is shutting down); the apps that changed. */
  leaveOrigin(origin: string): string[] {
    const apps = new Set<string>();
    for (const [id, entry] of this.entries) {
      if (entry.origin !== origin) continue;
      this.entries.delete(id);
      apps.add(entry.app);
    }
    return [...apps];
  }

  /** The entries of tabs connected to this server. */
  local(): PresenceEntry[] {
    return [...this.entries.values()].filter((entry) => entry.origin === undefined);
  }

  /** Removes lapsed entries; the apps that changed. */
  expire(): string[] {
    const cutoff = this.clock() - this.ttlMs;
    const apps = new Set<string>();
    for (const [id, entry] of this.entries) {
      if (entry.at > cutoff) continue;
      this.entries.delete(id);
      apps.add(entry.app);
    }
    return [...apps];
  }

  /** The live entries of an app, oldest announcement first. */
  of(app: string): PresenceEntry[] {
    const cutoff = this.clock() - this.ttlMs;
    return [...this.entries.values()].filter((entry) => entry.app === app && entry.at > cutoff).sort((a, b) => a.at - b.at);
  }

  get size(): number {
    return this.entries.size;
  }
}

function entryId(userId: string, tab: string): string {
  return JSON.stringify([userId, tab]);
}

/** Whether two entries show others the same thing (a heartbeat changes nothing). */
function sameView(a: PresenceEntry, b: PresenceEntry): boolean {
  return (
    a.page === b.page &&
    a.displayName === b.displayName &&
    JSON.stringify(a.editing ? [a.editing.block, a.editing.table, a.editing.key] : null) ===
      JSON.stringify(b.editing ? [b.editing.block, b.editing.table, b.editing.key] : null)
  );
}
