import type { Row, SqlRunner } from '../../warehouse/driver.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { ident, join, onConflictDoNothing, raw, runSql, sql } from '../../warehouse/sql.js';

/**
 * Where a user was defined: `config` (roundtrip.yaml), `admin` (the admin
 * API), `oidc` (a single sign-on login) or `embed` (a viewer of an embedding,
 * from a signed embed token).
 */
export type UserSource = 'config' | 'admin' | 'oidc' | 'embed';

/** A user as the system store keeps it. Times are milliseconds since the epoch. */
export interface StoredUser {
  /** Login name and stable user id. */
  username: string;
  /** Shown instead of the username; null when none was given. */
  displayName: string | null;
  /** scrypt hash (see passwords.ts); never leaves the server. */
  passwordHash: string;
  roles: string[];
  /** Values policies read as `user.<name>`. */
  attributes: Record<string, unknown>;
  /** A disabled user cannot log in, and their sessions and tokens stop working. */
  disabled: boolean;
  source: UserSource;
  createdAt: number;
  updatedAt: number;
  /**
   * SHA-256 of the roundtrip.yaml entry last copied into this row; null for
   * users the file does not declare. Lets a start tell an edited file entry
   * (copy it again) from an unchanged one (keep what admins changed since).
   */
  configDigest: string | null;
}

/**
 * What writes to `users` run on: a system-store runner that also records the
 * users it changed, so that their cached sessions are dropped once the change
 * commits. Write paths get one from `changeUsers` (identity-stores.ts), so a
 * new one cannot forget the invalidation by accident.
 */
export interface UserWriter extends SqlRunner {
  /** Called by every write to `users` with the username it changes. */
  userChanged(username: string): void;
}

/** Fields an admin may change; an omitted field stays as it is. */
export type UserPatch = Partial<Pick<StoredUser, 'displayName' | 'passwordHash' | 'roles' | 'attributes' | 'disabled'>>;

const COLUMN_NAMES = ['username', 'display_name', 'password_hash', 'roles', 'attributes', 'disabled', 'source', 'created_at', 'updated_at', 'config_digest'];
const COLUMNS = COLUMN_NAMES.join(', ');

/** `users` (system store, created by the migrations). */
export const USERS_TABLE_SPEC: TableSpec = {
  name: 'users',
  columns: [
    column.text('username', true),
    column.text('display_name'),
    column.text('password_hash', true),
    column.text('roles', true),
    column.text('attributes', true),
    column.boolean('disabled', true),
    column.text('source', true),
    column.bigint('created_at', true),
    column.bigint('updated_at', true),
    column.text('config_digest'),
  ],
  primaryKey: ['username'],
};

/** The stored user, or undefined. */
export async function fetchUser(db: SqlRunner, username: string): Promise<StoredUser | undefined> {
  const { rows } = await runSql(db, sql`SELECT ${raw(COLUMNS)} FROM users WHERE username = ${username}`);
  return rows[0] ? userOf(rows[0]) : undefined;
}

/** Every stored user, by username. */
export async function fetchUsers(db: SqlRunner): Promise<StoredUser[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM users ORDER BY username`);
  return rows.map((row) => userOf(row));
}

/** Inserts a user; false when the username is taken (also by a concurrent insert). */
export async function insertUser(db: UserWriter, user: StoredUser): Promise<boolean> {
  db.userChanged(user.username);
  await runSql(
    db,
    sql`INSERT INTO users (${raw(COLUMNS)}) VALUES (${user.username}, ${user.displayName}, ${user.passwordHash}, ${JSON.stringify(user.roles)}, ${JSON.stringify(user.attributes)}, ${user.disabled}, ${user.source}, ${user.createdAt}, ${user.updatedAt}, ${user.configDigest})${onConflictDoNothing(['username'])}`,
  );
  const after = await fetchUser(db, user.username);
  // DO NOTHING keeps an existing row: the insert won only if the stored row is this one (the hash has a fresh salt).
  return after !== undefined && after.createdAt === user.createdAt && after.passwordHash === user.passwordHash;
}

/** Applies `patch` (plus `source` and `configDigest` when given) and stamps `updated_at`. */
export async function updateUser(
  db: UserWriter,
  username: string,
  patch: UserPatch & Partial<Pick<StoredUser, 'source' | 'configDigest'>>,
  now: number,
): Promise<void> {
  db.userChanged(username);
  const columns: [string, unknown][] = [];
  if (patch.displayName !== undefined) columns.push(['display_name', patch.displayName]);
  if (patch.passwordHash !== undefined) columns.push(['password_hash', patch.passwordHash]);
  if (patch.roles !== undefined) columns.push(['roles', JSON.stringify(patch.roles)]);
  if (patch.attributes !== undefined) columns.push(['attributes', JSON.stringify(patch.attributes)]);
  if (patch.disabled !== undefined) columns.push(['disabled', patch.disabled]);
  if (patch.source !== undefined) columns.push(['source', patch.source]);
  if (patch.configDigest !== undefined) columns.push(['config_digest', patch.configDigest]);
  columns.push(['updated_at', now]);
  const assignments = columns.map(([column, value]) => sql`${ident(column)} = ${value}`);
  await runSql(db, sql`UPDATE users SET ${join(assignments, ', ')} WHERE username = ${username}`);
}

/**
 * The `users` columns for a query that joins `users` as `alias`, renamed with
 * `prefix` so that they cannot clash with the other table's columns (read the
 * row back with `joinedUserOf`).
 */
export function joinedUserColumns(alias: string, prefix: string): string {
  return COLUMN_NAMES.map((column) => `${alias}.${column} AS ${prefix}${column}`).join(', ');
}

/** The user of a row read with `joinedUserColumns`; undefined when the outer join found no user. */
export function joinedUserOf(row: Row, prefix: string): StoredUser | undefined {
  const username = row[`${prefix}username`];
  return username === null || username === undefined ? undefined : userOf(row, prefix);
}

/** Removes a user row (used when roundtrip.yaml no longer declares a user it created). */
export async function deleteUser(db: UserWriter, username: string): Promise<void> {
  db.userChanged(username);
  await runSql(db, sql`DELETE FROM users WHERE username = ${username}`);
}

function userOf(row: Row, prefix = ''): StoredUser {
  const value = (column: string) => row[prefix + column];
  return {
    username: String(value('username')),
    displayName: value('display_name') === null ? null : String(value('display_name')),
    passwordHash: String(value('password_hash')),
    roles: JSON.parse(String(value('roles'))) as string[],
    attributes: JSON.parse(String(value('attributes'))) as Record<string, unknown>,
    disabled: value('disabled') === true,
    source: sourceOf(String(value('source'))),
    createdAt: Number(value('created_at')),
    updatedAt: Number(value('updated_at')),
    configDigest: value('config_digest') === null ? null : String(value('config_digest')),
  };
}

function sourceOf(value: string): UserSource {
  return value === 'admin' || value === 'oidc' || value === 'embed' ? value : 'config';
}
