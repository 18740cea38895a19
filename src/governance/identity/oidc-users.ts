import { AppError } from '../../errors/index.js';
import type { SqlRunner } from '../../warehouse/driver.js';
import type { Principal } from '../principal.js';
import type { IdentityStores } from './identity-stores.js';
import { principalOf } from './local-users.js';
import type { OidcIdentity } from './oidc-claims.js';
import { fetchUser, insertUser, updateUser, type StoredUser } from './user-store.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { runSql, sql } from '../../warehouse/sql.js';

/** Stored as the password hash of single sign-on users: not an scrypt hash, so no password ever matches it. */
export const OIDC_PASSWORD_HASH = 'oidc';

/**
 * `oidc_subjects` (system store, created by the migrations): the provider account (issuer and `sub`) each
 * single sign-on user was created for.
 */
export const OIDC_SUBJECTS_TABLE_SPEC: TableSpec = {
  name: 'oidc_subjects',
  columns: [column.text('username', true), column.text('issuer', true), column.text('subject', true)],
  primaryKey: ['username'],
};

/**
 * The store user of a provider account, created at its first login (source
 * `oidc`) and refreshed from the claims at every later one (display name,
 * roles, attributes; `disabled` stays an admin decision). Creation and every
 * change are audited in `admin_changes` as made by the user themselves.
 *
 * Refused: a username held by a local user (`config` or `admin`), or by a
 * single sign-on user of another provider account (a username the provider
 * gave to someone new never inherits the old user's tokens), both
 * `AUTH_OIDC_USER_CONFLICT`; a disabled user, `AUTH_OIDC_USER_DISABLED`.
 */
export async function signInOidcUser(stores: IdentityStores, issuer: string, identity: OidcIdentity, now = Date.now()): Promise<Principal> {
  const { username } = identity;
  const fields = { displayName: identity.displayName, roles: identity.roles, attributes: identity.attributes };
  return stores.changeUsers(async (tx) => {
    const existing = await fetchUser(tx, username);
    if (existing && existing.source !== 'oidc') throw conflict(username, 'a local user has this username');
    const bound = await fetchSubject(tx, username);
    if (bound && (bound.issuer !== issuer || bound.subject !== identity.subject))
      throw conflict(username, 'another provider account signed in with this username before');
    if (existing?.disabled) throw new AppError('AUTH_OIDC_USER_DISABLED', `An admin disabled ${username}.`, { username });
    if (!bound) await runSql(tx, sql`INSERT INTO oidc_subjects VALUES (${username}, ${issuer}, ${identity.subject})`);

    if (!existing) {
      const user: StoredUser = {
        username,
        ...fields,
        passwordHash: OIDC_PASSWORD_HASH,
        disabled: false,
        source: 'oidc',
        createdAt: now,
        updatedAt: now,
        configDigest: null,
      };
      if (!(await insertUser(tx, user))) throw conflict(username, 'the user was created at the same moment; sign in again');
      await stores.audit({ username, kind: 'user', target: username, oldValue: null, newValue: { action: 'oidc-create', ...fields } }, now);
      return principalOf(user);
    }
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((field) => JSON.stringify(fields[field]) !== JSON.stringify(existing[field]));
    if (changed.length) {
      const patch = Object.fromEntries(changed.map((field) => [field, fields[field]]));
      await updateUser(tx, username, patch, now);
      const oldValue = Object.fromEntries(changed.map((field) => [field, existing[field]]));
      await stores.audit({ username, kind: 'user', target: username, oldValue, newValue: { action: 'oidc-update', ...patch } }, now);
    }
    return principalOf({ ...existing, ...fields });
  });
}

async function fetchSubject(db: SqlRunner, username: string): Promise<{ issuer: string; subject: string } | undefined> {
  const { rows } = await runSql(db, sql`SELECT issuer, subject FROM oidc_subjects WHERE username = ${username}`);
  return rows[0] ? { issuer: String(rows[0].issuer), subject: String(rows[0].subject) } : undefined;
}

function conflict(username: string, reason: string): AppError {
  return new AppError('AUTH_OIDC_USER_CONFLICT', `Single sign-on cannot use the username ${username}: ${reason}.`, { username });
}
