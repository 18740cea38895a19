import { createHash } from 'node:crypto';
import type { UserConfig } from '../../app-model/project-schema.js';
import { deleteUser, fetchUsers, insertUser, updateUser, type UserWriter } from './user-store.js';

export interface ConfigUserSync {
  /** Users whose password or existence changed: their sessions should end. */
  endedUsers: string[];
}

/**
 * Copies the users declared in roundtrip.yaml into the system store (the file
 * is the bootstrap; the store is what logins read).
 *
 * - A declared user missing from the store is inserted with source `config`.
 * - A declared user whose file entry changed since the last copy is
 *   overwritten from the file (display name, password hash, roles,
 *   attributes); `disabled` is an admin decision and is kept.
 * - A declared user whose file entry is unchanged keeps what admins changed.
 * - A `config` user the file no longer declares is removed, as removing a
 *   user from the file always revoked their access.
 */
export async function syncConfigUsers(db: UserWriter, declared: readonly UserConfig[], now = Date.now()): Promise<ConfigUserSync> {
  const stored = new Map((await fetchUsers(db)).map((user) => [user.username, user]));
  const endedUsers: string[] = [];
  for (const user of declared) {
    const digest = configDigest(user);
    const current = stored.get(user.username);
    const fields = { displayName: user.displayName ?? null, passwordHash: user.passwordHash, roles: user.roles, attributes: user.attributes };
    if (!current) {
      await insertUser(db, { username: user.username, ...fields, disabled: false, source: 'config', createdAt: now, updatedAt: now, configDigest: digest });
    } else if (current.configDigest !== digest) {
      await updateUser(db, user.username, { ...fields, source: 'config', configDigest: digest }, now);
      if (current.passwordHash !== user.passwordHash) endedUsers.push(user.username);
    }
  }
  const declaredNames = new Set(declared.map((user) => user.username));
  for (const user of stored.values()) {
    if (user.source === 'config' && !declaredNames.has(user.username)) {
      await deleteUser(db, user.username);
      endedUsers.push(user.username);
    }
  }
  return { endedUsers };
}

/** SHA-256 of the fields the file declares, in a fixed order. */
function configDigest(user: UserConfig): string {
  const canonical = JSON.stringify([user.displayName ?? null, user.passwordHash, user.roles, sortKeys(user.attributes)]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(record: Record<string, unknown>): [string, unknown][] {
  return Object.keys(record)
    .sort()
    .map((key) => [key, record[key]]);
}
