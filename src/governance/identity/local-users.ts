import type { ProjectConfig, UserConfig } from '../../app-model/index.js';
import { DUMMY_HASH, verifyPassword } from '../passwords.js';
import type { Principal } from '../principal.js';

export function principalOf(user: UserConfig): Principal {
  return { id: user.username, username: user.username, displayName: user.displayName ?? user.username, roles: user.roles, attributes: user.attributes };
}

/** The user for these credentials, or undefined; takes the same time whether or not the user exists. */
export async function authenticateLocalUser(config: ProjectConfig, username: string, password: string): Promise<Principal | undefined> {
  const user = config.users.find((u) => u.username === username);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && user ? principalOf(user) : undefined;
}

/** The current definition of a user (roles and attributes may have changed since login). */
export function findLocalUser(config: ProjectConfig, userId: string): Principal | undefined {
  const user = config.users.find((u) => u.username === userId);
  return user ? principalOf(user) : undefined;
}
