import { AppError } from '../../errors/index.js';
import type { Principal } from '../principal.js';
import type { IdentityStores } from './identity-stores.js';
import { principalOf } from './local-users.js';
import { buildTokenSecret, hashTokenSecret, isTokenSecret, parseTokenSecret } from './token-secret.js';
import type { CachedToken } from './session-cache.js';
import { fetchToken, fetchTokens, insertToken, revokeToken, touchToken, TOUCH_EVERY_MS, type ApiToken, type TokenScope } from './token-store.js';
import { fetchUser } from './user-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A token as the API shows it: times as ISO 8601, never the secret or its hash. */
export function publicToken(token: ApiToken) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: token.id,
    userId: token.userId,
    name: token.name,
    apps: token.scope.apps,
    access: token.scope.access,
    createdAt: iso(token.createdAt),
    expiresAt: iso(token.expiresAt),
    revokedAt: iso(token.revokedAt),
    lastUsedAt: iso(token.lastUsedAt),
  };
}

export interface NewToken {
  name: string;
  scope: TokenScope;
  /** Omitted: the token never expires. */
  expiresInDays?: number;
}

/** Creates a token for `owner` and audits it; the returned secret is shown once and never stored. */
export async function createApiToken(
  stores: IdentityStores,
  owner: Principal,
  input: NewToken,
  now = Date.now(),
): Promise<{ token: ApiToken; secret: string }> {
  const { id, secret, token: presented } = buildTokenSecret();
  const token: ApiToken = {
    id,
    userId: owner.id,
    name: input.name,
    scope: input.scope,
    createdAt: now,
    expiresAt: input.expiresInDays === undefined ? null : now + input.expiresInDays * DAY_MS,
    revokedAt: null,
    lastUsedAt: null,
  };
  await stores.system.transaction(async (tx) => {
    await insertToken(tx, token, hashTokenSecret(secret));
    const { userId, name, apps, access, expiresAt } = publicToken(token);
    await stores.audit(
      { username: owner.username, kind: 'token', target: id, oldValue: null, newValue: { action: 'create', userId, name, apps, access, expiresAt } },
      now,
    );
  });
  return { token, secret: presented };
}

/** Tokens of `viewer`, or of every user when `all` is set (admins only: the caller checks). */
export async function listApiTokens(stores: IdentityStores, viewer: Principal, all: boolean): Promise<ApiToken[]> {
  return fetchTokens(stores.system, all ? undefined : viewer.id);
}

/**
 * Revokes a token of `actor` (any token when `asAdmin`) and audits it. A token
 * of someone else looks missing to non-admins, so ids cannot be probed.
 */
export async function revokeApiToken(stores: IdentityStores, actor: Principal, id: string, asAdmin: boolean, now = Date.now()): Promise<ApiToken> {
  const token = await fetchToken(stores.system, id);
  if (!token || (token.userId !== actor.id && !asAdmin)) throw new AppError('TOKEN_NOT_FOUND', `You have no API token '${id}'.`, { id });
  const { tokenHash, ...stored } = token;
  if (stored.revokedAt !== null) return stored;
  await stores.system.transaction(async (tx) => {
    await revokeToken(tx, id, now);
    await stores.audit(
      {
        username: actor.username,
        kind: 'token',
        target: id,
        oldValue: { revokedAt: null },
        newValue: { action: 'revoke', userId: token.userId, revokedAt: new Date(now).toISOString() },
      },
      now,
    );
  });
  // After the commit, so that no server can cache the row as it was before.
  await stores.sessions.forgetToken(id);
  return { ...stored, revokedAt: now };
}

/**
 * The principal and scope of a presented token, or undefined when the token is
 * malformed, unknown, wrong, expired or revoked, or its user is missing,
 * disabled or was created after the token (a new user of the same name never
 * inherits old tokens). Records the use. After its first use a token and
 * its user's row are served from memory (see SessionStore), so a token
 * request needs no system-store query; the secret, expiry, revocation and
 * user are still checked at every request.
 */
export async function authenticateApiToken(
  stores: IdentityStores,
  presented: string,
  now = Date.now(),
): Promise<{ principal: Principal; token: ApiToken } | undefined> {
  const parsed = parseTokenSecret(presented);
  if (!parsed) return undefined;
  const generation = stores.sessions.tokenGeneration;
  const rows = stores.sessions.cachedToken(parsed.id, now) ?? (await readToken(stores, parsed.id, generation, now));
  if (!rows) return undefined;
  const { token: stored, user } = rows;
  // The secret is checked at every request, cached or not.
  if (!isTokenSecret(parsed.secret, stored.tokenHash)) return undefined;
  if (stored.revokedAt !== null || (stored.expiresAt !== null && stored.expiresAt <= now)) return undefined;
  if (!user || user.disabled || user.createdAt > stored.createdAt) return undefined;
  const { tokenHash, ...token } = stored;
  if (token.lastUsedAt === null || now - token.lastUsedAt >= TOUCH_EVERY_MS) {
    await touchToken(stores.system, token, now);
    stores.sessions.rememberToken(parsed.id, { ...rows, token: { ...stored, lastUsedAt: now } }, generation);
  }
  return { principal: principalOf(user), token };
}

/** A token and its user's row from the system store, cached for the next requests; undefined for an unknown token. */
async function readToken(stores: IdentityStores, id: string, generation: number, now: number): Promise<CachedToken | undefined> {
  const token = await fetchToken(stores.system, id);
  if (!token) return undefined;
  const entry: CachedToken = { userId: token.userId, token, user: await fetchUser(stores.system, token.userId), cachedAt: now };
  stores.sessions.rememberToken(id, entry, generation);
  return entry;
}
