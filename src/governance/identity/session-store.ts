import { createHash, randomBytes } from 'node:crypto';
import type { Row, WarehouseDriver } from '../../warehouse/driver.js';
import { joinedUserColumns, joinedUserOf, type StoredUser } from './user-store.js';

export interface Session {
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

export interface SessionStoreOptions {
  /** Sessions end this long after the last request. */
  idleMs: number;
  /** Sessions end this long after login, whatever the activity. */
  absoluteMs: number;
}

const TOUCH_EVERY_MS = 60_000;
const USER_PREFIX = 'user_';

/**
 * Sessions in the system store. Only a hash of the session id is stored, so a
 * copy of the store cannot be replayed as cookies.
 */
export class SessionStore {
  private constructor(private readonly db: WarehouseDriver, private readonly options: SessionStoreOptions) {}

  static async open(db: WarehouseDriver, options: SessionStoreOptions): Promise<SessionStore> {
    await db.query(`CREATE TABLE IF NOT EXISTS sessions (
      id_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
      created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL)`);
    return new SessionStore(db, options);
  }

  /** Starts a session; returns the secret id for the cookie. */
  async create(userId: string, now = Date.now()): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.db.query('INSERT INTO sessions VALUES ($1, $2, $3, $4, $4)', [hash(id), userId, csrfToken, now]);
    return { id, session: { userId, csrfToken, expiresAt: Math.min(now + this.options.idleMs, now + this.options.absoluteMs) } };
  }

  async fetch(id: string, now = Date.now()): Promise<Session | undefined> {
    const { rows } = await this.db.query('SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = $1', [hash(id)]);
    return this.settle(id, rows[0], now);
  }

  /**
   * The session and its user's current row in one query, with the expiry and
   * touch rules of `fetch`. Every cookie-authenticated request reads both; one
   * query instead of two saves a network round trip when the system store is a
   * PostgreSQL server. `user` is undefined when no such user exists.
   */
  async fetchWithUser(id: string, now = Date.now()): Promise<{ session: Session; user: StoredUser | undefined } | undefined> {
    const { rows } = await this.db.query(
      `SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, ${joinedUserColumns('u', USER_PREFIX)}
       FROM sessions s LEFT JOIN users u ON u.username = s.user_id WHERE s.id_hash = $1`,
      [hash(id)],
    );
    const session = await this.settle(id, rows[0], now);
    return session && { session, user: joinedUserOf(rows[0]!, USER_PREFIX) };
  }

  /** The session of a stored row, ending it when expired and recording activity at most once a minute. */
  private async settle(id: string, row: Row | undefined, now: number): Promise<Session | undefined> {
    if (!row) return undefined;
    const created = Number(row.created_at);
    const lastSeen = Number(row.last_seen_at);
    if (now - lastSeen > this.options.idleMs || now - created > this.options.absoluteMs) {
      await this.delete(id);
      return undefined;
    }
    if (now - lastSeen > TOUCH_EVERY_MS) await this.db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [hash(id), now]);
    return { userId: String(row.user_id), csrfToken: String(row.csrf_token), expiresAt: Math.min(now + this.options.idleMs, created + this.options.absoluteMs) };
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [hash(id)]);
  }

  /** Ends every session of a user (logout everywhere, password change, disabled user). */
  async deleteForUser(userId: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }
}

function hash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
