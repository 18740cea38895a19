import type { SqlRunner } from '../../warehouse/driver.js';
import { DUMMY_HASH, verifyPassword } from '../passwords.js';
import type { Principal } from '../principal.js';
import type { Session, SessionStore } from './session-store.js';
import { fetchUser, type StoredUser } from './user-store.js';

/** The principal a stored user acts as. */
export function principalOf(user: StoredUser): Principal {
  const principal: Principal = {
    id: user.username,
    username: user.username,
    displayName: user.displayName ?? user.username,
    roles: user.roles,
    attributes: user.attributes,
  };
  // An embedded viewer reaches only the apps its embedding shows (recorded at each token exchange).
  if (user.source === 'embed') principal.apps = embeddedApps(user.attributes.embed);
  return principal;
}

function embeddedApps(view: unknown): string[] {
  const apps = (view as { apps?: unknown } | undefined)?.apps;
  return Array.isArray(apps) ? apps.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * The user for these credentials, or undefined. Single sign-on users
 * (source `oidc`) never log in with a password. Unknown, disabled and single
 * sign-on users still cost one scrypt verification, so timing reveals none
 * of them.
 */
export async function authenticateLocalUser(db: SqlRunner, username: string, password: string): Promise<Principal | undefined> {
  const found = await fetchUser(db, username);
  const user = found?.source === 'oidc' || found?.source === 'embed' ? undefined : found;
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && user && !user.disabled ? principalOf(user) : undefined;
}

/**
 * The current definition of an enabled user, read at every request so that
 * roles and attributes an admin changed apply at once; undefined when the
 * user is unknown or disabled.
 */
export async function findLocalUser(db: SqlRunner, userId: string): Promise<Principal | undefined> {
  const user = await fetchUser(db, userId);
  return user && !user.disabled ? principalOf(user) : undefined;
}

/**
 * The session of a cookie and the principal it acts as, or undefined when the
 * session is unknown or expired. Like `findLocalUser`, it sees the user's
 * current definition: joined to the session in one query, or from the session
 * cache, which every change of the user invalidates (see `SessionStore`);
 * `principal` is undefined when the user is unknown or disabled.
 */
export async function findSessionPrincipal(sessions: SessionStore, id: string): Promise<{ session: Session; principal: Principal | undefined } | undefined> {
  const found = await sessions.fetchWithUser(id);
  if (!found) return undefined;
  const { session, user } = found;
  return { session, principal: user && !user.disabled ? principalOf(user) : undefined };
}
