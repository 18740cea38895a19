import type { SqlRunner } from '../../warehouse/driver.js';
import { DUMMY_HASH, verifyPassword } from '../passwords.js';
import type { Principal } from '../principal.js';
import { fetchUser, type StoredUser } from './user-store.js';

/** The principal a stored user acts as. */
export function principalOf(user: StoredUser): Principal {
  return { id: user.username, username: user.username, displayName: user.displayName ?? user.username, roles: user.roles, attributes: user.attributes };
}

/**
 * The user for these credentials, or undefined. Unknown and disabled users
 * still cost one scrypt verification, so timing reveals neither.
 */
export async function authenticateLocalUser(db: SqlRunner, username: string, password: string): Promise<Principal | undefined> {
  const user = await fetchUser(db, username);
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
