import { isAppError } from '../../errors/index.js';
import type { WarehouseDriver } from '../../warehouse/driver.js';
import { runSql, sql } from '../../warehouse/sql.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { openTokens, sealTokens, type UserTokenSet } from './sealed-tokens.js';
import { hashSessionId, type SessionStore } from './session-store.js';

/** `session_tokens` (system store): one sealed token set per single sign-on session, removed with the session. */
export const SESSION_TOKENS_TABLE_SPEC: TableSpec = {
  name: 'session_tokens',
  columns: [column.text('id_hash', true), column.text('sealed', true), column.bigint('updated_at', true)],
  primaryKey: ['id_hash'],
};

/** Refreshes come this long before expiry at most, and at the latest a quarter of the token's lifetime before it. */
const REFRESH_MARGIN_MS = 60_000;

/** Exchanges a refresh token for new tokens at the provider; rejects when the provider refuses. */
export type TokenRefresher = (refreshToken: string) => Promise<UserTokenSet>;

interface Held {
  tokens: UserTokenSet;
  /** The stored text they were opened from (undefined: kept by this server, not read back). */
  sealed?: string;
  userId: string;
  /** When the tokens were issued (or read), to size the refresh margin. */
  since: number;
}

/**
 * The OAuth tokens of single sign-on sessions, for warehouses that run each
 * statement with the user's own token (identity mode user-token). Sealed with
 * the session id (sealed-tokens.ts), kept in the system store so every server
 * sharing it can use them, held in memory while the session lives here, and
 * refreshed with the refresh token shortly before they expire (one refresh
 * per session at a time). A session whose tokens cannot be refreshed loses
 * them: its user signs in again.
 */
export class SessionTokens {
  private readonly held = new Map<string, Held>();
  private readonly refreshing = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly db: WarehouseDriver,
    sessions: SessionStore,
    private readonly refresher: () => TokenRefresher | undefined,
  ) {
    sessions.onInvalidation((notice) => {
      if (notice === 'all') this.held.clear();
      else if ('idHash' in notice) this.held.delete(notice.idHash);
      else if ('username' in notice) for (const [idHash, held] of this.held) if (held.userId === notice.username) this.held.delete(idHash);
    });
  }

  /** Keeps the tokens of a session just created (or refreshed), replacing any it had. */
  async keep(sessionId: string, userId: string, tokens: UserTokenSet, now = Date.now()): Promise<void> {
    const idHash = hashSessionId(sessionId);
    const sealed = sealTokens(sessionId, idHash, tokens);
    await this.db.transaction(async (tx) => {
      await runSql(tx, sql`DELETE FROM session_tokens WHERE id_hash = ${idHash}`);
      await runSql(tx, sql`INSERT INTO session_tokens VALUES (${idHash}, ${sealed}, ${now})`);
    });
    this.held.set(idHash, { tokens, userId, since: now });
  }

  /**
   * The session's current access token, refreshed first when it is about to
   * expire; undefined when the session has none (a password login, an
   * embedded view) or they expired and could not be refreshed.
   */
  async accessToken(sessionId: string, userId: string, now = Date.now()): Promise<string | undefined> {
    const idHash = hashSessionId(sessionId);
    const held = this.held.get(idHash) ?? (await this.read(sessionId, idHash, userId, now));
    if (!held) return undefined;
    if (isFresh(held, now)) return held.tokens.accessToken;
    let running = this.refreshing.get(idHash);
    if (!running) {
      running = this.refresh(sessionId, idHash, userId, now).finally(() => this.refreshing.delete(idHash));
      this.refreshing.set(idHash, running);
    }
    return running;
  }

  /** When the session's access token expires, if it has one (read without refreshing). */
  async expiresAt(sessionId: string, userId: string, now = Date.now()): Promise<number | undefined> {
    const idHash = hashSessionId(sessionId);
    return (this.held.get(idHash) ?? (await this.read(sessionId, idHash, userId, now)))?.tokens.expiresAt;
  }

  private async read(sessionId: string, idHash: string, userId: string, now: number): Promise<Held | undefined> {
    const { rows } = await runSql(this.db, sql`SELECT sealed, updated_at FROM session_tokens WHERE id_hash = ${idHash}`);
    const tokens = rows[0] && openTokens(sessionId, idHash, String(rows[0].sealed));
    if (!tokens) return undefined;
    const held = { tokens, sealed: String(rows[0]!.sealed), userId, since: Math.min(now, Number(rows[0]!.updated_at)) };
    this.held.set(idHash, held);
    return held;
  }

  private async refresh(sessionId: string, idHash: string, userId: string, now: number): Promise<string | undefined> {
    // Read again first: another server sharing the store may have refreshed (and rotated the refresh token) already.
    const stored = await this.read(sessionId, idHash, userId, now);
    if (!stored) return undefined;
    if (isFresh(stored, now)) return stored.tokens.accessToken;
    const { tokens } = stored;
    const refresher = this.refresher();
    let renewed: UserTokenSet | undefined;
    try {
      renewed = tokens.refreshToken && refresher ? await refresher(tokens.refreshToken) : undefined;
    } catch (error) {
      // The provider could not be reached: the tokens stay, and serve while the access token lasts.
      if (isAppError(error) && error.code === 'AUTH_OIDC_UNAVAILABLE') return tokens.expiresAt > now ? tokens.accessToken : undefined;
    }
    if (!renewed) {
      // Another server may have refreshed meanwhile (spending the refresh token this one sent): its tokens serve.
      const again = await this.read(sessionId, idHash, userId, now);
      if (again && again.sealed !== stored.sealed) return isFresh(again, now) ? again.tokens.accessToken : undefined;
      // Expired for good: forgotten (only the tokens this server read), so the next request does not try again.
      this.held.delete(idHash);
      await runSql(this.db, sql`DELETE FROM session_tokens WHERE id_hash = ${idHash} AND sealed = ${stored.sealed}`);
      return undefined;
    }
    // A provider that does not rotate refresh tokens sends none with the new access token: the old one stays good.
    await this.keep(sessionId, userId, { ...renewed, refreshToken: renewed.refreshToken ?? tokens.refreshToken }, now);
    return renewed.accessToken;
  }
}

/** Whether the access token is good beyond the refresh margin. */
function isFresh(held: Held, now: number): boolean {
  const margin = Math.min(REFRESH_MARGIN_MS, (held.tokens.expiresAt - held.since) / 4);
  return held.tokens.expiresAt - margin > now;
}
