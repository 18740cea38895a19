import { createHash, randomBytes } from 'node:crypto';
import type { WarehouseDriver } from '../../warehouse/driver.js';

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
    const row = rows[0];
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
