import { AppError, type Issue } from '../../errors/index.js';
import { hashPassword } from '../passwords.js';
import type { Principal } from '../principal.js';
import type { IdentityStores } from './identity-stores.js';
import { fetchUser, insertUser, updateUser, type StoredUser, type UserPatch } from './user-store.js';

/** A user as the admin API shows it: never the password hash. */
export function publicStoredUser(user: StoredUser) {
  return {
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    attributes: user.attributes,
    disabled: user.disabled,
    source: user.source,
    createdAt: new Date(user.createdAt).toISOString(),
    updatedAt: new Date(user.updatedAt).toISOString(),
  };
}

export interface NewUser {
  username: string;
  displayName?: string;
  /** Plain password, already checked against the password policy by the request schema. */
  password: string;
  roles: string[];
  attributes: Record<string, unknown>;
}

export type UserEdit = Pick<UserPatch, 'displayName' | 'roles' | 'attributes' | 'disabled'>;

/** Creates a user (source `admin`) and audits it. */
export async function createUser(stores: IdentityStores, admin: Principal, input: NewUser, now = Date.now()): Promise<StoredUser> {
  assertKnownRoles(stores, input.roles);
  if (await fetchUser(stores.system, input.username)) throw userExists(input.username);
  const user: StoredUser = {
    username: input.username,
    displayName: input.displayName ?? null,
    passwordHash: await hashPassword(input.password),
    roles: input.roles,
    attributes: input.attributes,
    disabled: false,
    source: 'admin',
    createdAt: now,
    updatedAt: now,
    configDigest: null,
  };
  await stores.changeUsers(async (tx) => {
    if (!(await insertUser(tx, user))) throw userExists(input.username);
    await stores.audit(
      {
        username: admin.username,
        kind: 'user',
        target: user.username,
        oldValue: null,
        newValue: { action: 'create', displayName: user.displayName, roles: user.roles, attributes: user.attributes, disabled: false },
      },
      now,
    );
  });
  return user;
}

/**
 * Changes a user's display name, roles, attributes or disabled flag and
 * audits the fields that changed (old → new). Disabling ends every session of
 * the user at once; role and attribute changes apply at their next request
 * (`changeUsers` drops their cached sessions).
 */
export async function editUser(stores: IdentityStores, admin: Principal, username: string, edit: UserEdit, now = Date.now()): Promise<StoredUser> {
  if (edit.roles) assertKnownRoles(stores, edit.roles);
  const before = await fetchUserOrThrow(stores, username);
  const changed = (Object.keys(edit) as (keyof UserEdit)[]).filter(
    (field) => edit[field] !== undefined && JSON.stringify(edit[field]) !== JSON.stringify(before[field]),
  );
  if (changed.length === 0) return before;
  const patch = Object.fromEntries(changed.map((field) => [field, edit[field]])) as UserEdit;
  await stores.changeUsers(async (tx) => {
    await updateUser(tx, username, patch, now);
    const oldValue = Object.fromEntries(changed.map((field) => [field, before[field]]));
    await stores.audit({ username: admin.username, kind: 'user', target: username, oldValue, newValue: { action: 'update', ...patch } }, now);
  });
  if (patch.disabled === true) await stores.sessions.deleteForUser(username);
  return { ...before, ...patch, updatedAt: now };
}

/** Sets a new password, ends the user's sessions and audits the fact (never the hash). */
export async function setUserPassword(stores: IdentityStores, admin: Principal, username: string, password: string, now = Date.now()): Promise<void> {
  await fetchUserOrThrow(stores, username);
  const passwordHash = await hashPassword(password);
  await stores.changeUsers(async (tx) => {
    await updateUser(tx, username, { passwordHash }, now);
    await stores.audit({ username: admin.username, kind: 'user', target: username, oldValue: null, newValue: { action: 'set-password' } }, now);
  });
  await stores.sessions.deleteForUser(username);
}

async function fetchUserOrThrow(stores: IdentityStores, username: string): Promise<StoredUser> {
  const user = await fetchUser(stores.system, username);
  if (!user) throw new AppError('USER_NOT_FOUND', `No user named '${username}'.`, { username });
  return user;
}

/** Users may only hold roles the project declares: anything else would be a role no app or policy knows. */
function assertKnownRoles(stores: IdentityStores, roles: readonly string[]): void {
  const known = new Set(stores.roleNames());
  const issues: Issue[] = roles.flatMap((role, i) =>
    known.has(role) ? [] : [{ path: `roles.${i}`, message: `unknown role '${role}'; declared roles: ${[...known].join(', ')}` }],
  );
  if (issues.length) throw new AppError('REQ_INVALID', `Invalid user: ${issues[0]!.path}: ${issues[0]!.message}.`, { issues });
}

function userExists(username: string): AppError {
  return new AppError('USER_EXISTS', `A user named '${username}' already exists.`, { username });
}
