import type { Principal } from '../principal.js';
import type { IdentityStores } from './identity-stores.js';
import { principalOf } from './local-users.js';
import { fetchToken } from './token-store.js';
import { fetchUser, type StoredUser } from './user-store.js';

/** What a long-lived request (an event stream) authenticated with: a session cookie or an API token. */
export type Credential =
  | {
      kind: 'session';
      sessionId: string;
      /** The session's user: tells a session ended with its user (disabled, removed) from one ended alone. */
      userId: string;
    }
  | { kind: 'token'; tokenId: string };

/** Why a credential no longer stands for a user. Stable: event streams send it to their clients. */
export type CredentialEnd =
  /** The session was ended: logout, logout everywhere, a new password set by an admin. */
  | 'session-ended'
  /** The session passed its idle or absolute expiry. */
  | 'session-expired'
  | 'token-revoked'
  | 'token-expired'
  | 'user-disabled'
  /** The user no longer exists (or a new user now has the name). */
  | 'user-removed';

export type CredentialCheck =
  | {
      ok: true;
      /** Who the credential acts for now: the user's current roles and attributes. */
      principal: Principal;
      /** When the credential ends unless used (session idle expiry) or for good (absolute or token expiry); null: never. */
      expiresAt: number | null;
    }
  | { ok: false; reason: CredentialEnd };

/**
 * Reads a credential and its user again from the system store (never the
 * cache, and without recording activity): who it stands for now, or why it
 * no longer does. The secret of a token was checked when the request came in
 * and cannot change, so the token's id is enough.
 */
export async function checkCredential(stores: IdentityStores, credential: Credential, now = Date.now()): Promise<CredentialCheck> {
  if (credential.kind === 'session') {
    const found = await stores.sessions.inspect(credential.sessionId, now);
    // Disabling or removing a user also ends their sessions: name the cause, whichever change is seen first.
    if (found.state === 'missing') return { ok: false, reason: userRefusal(await fetchUser(stores.system, credential.userId)) ?? 'session-ended' };
    if (found.state === 'expired') return { ok: false, reason: 'session-expired' };
    const refused = userRefusal(found.user);
    return refused ? { ok: false, reason: refused } : { ok: true, principal: principalOf(found.user!), expiresAt: found.expiresAt };
  }
  const token = await fetchToken(stores.system, credential.tokenId);
  if (!token || token.revokedAt !== null) return { ok: false, reason: 'token-revoked' };
  if (token.expiresAt !== null && token.expiresAt <= now) return { ok: false, reason: 'token-expired' };
  const user = await fetchUser(stores.system, token.userId);
  // A new user of the same name never inherits the old user's tokens.
  const refused = user && user.createdAt > token.createdAt ? 'user-removed' : userRefusal(user);
  return refused ? { ok: false, reason: refused } : { ok: true, principal: principalOf(user!), expiresAt: token.expiresAt };
}

function userRefusal(user: StoredUser | undefined): CredentialEnd | undefined {
  if (!user) return 'user-removed';
  return user.disabled ? 'user-disabled' : undefined;
}
