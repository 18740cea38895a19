import type { Row, SqlRunner } from '../../warehouse/driver.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { raw, runSql, sql } from '../../warehouse/sql.js';

/** What a token may do: which apps, and whether it may write. */
export interface TokenScope {
  /** App names, or `['*']` for every app the user may open. */
  apps: string[];
  /** `read`: reads and dataset queries only; `write`: also changesets and other state changes. */
  access: 'read' | 'write';
}

/** An API token as stored (without its secret). Times are milliseconds since the epoch. */
export interface ApiToken {
  id: string;
  /** The user the token acts as. */
  userId: string;
  name: string;
  scope: TokenScope;
  createdAt: number;
  /** null: never expires. */
  expiresAt: number | null;
  revokedAt: number | null;
  /** Updated at most once a minute. */
  lastUsedAt: number | null;
}

const COLUMNS = 'id, user_id, name, scopes, created_at, expires_at, revoked_at, last_used_at';
/** `last_used_at` is recorded at most this often per token. */
export const TOUCH_EVERY_MS = 60_000;

/** `api_tokens` (system store, created by the migrations): only a hash of each secret is kept. */
export const TOKENS_TABLE_SPEC: TableSpec = {
  name: 'api_tokens',
  columns: [
    column.text('id', true),
    column.text('user_id', true),
    column.text('name', true),
    column.text('token_hash', true),
    column.text('scopes', true),
    column.bigint('created_at', true),
    column.bigint('expires_at'),
    column.bigint('revoked_at'),
    column.bigint('last_used_at'),
  ],
  primaryKey: ['id'],
};

/** Stores a new token with the hash of its secret. */
export async function insertToken(db: SqlRunner, token: ApiToken, tokenHash: string): Promise<void> {
  await runSql(
    db,
    sql`INSERT INTO api_tokens (${raw(COLUMNS)}, token_hash) VALUES (${token.id}, ${token.userId}, ${token.name}, ${JSON.stringify(token.scope)}, ${token.createdAt}, ${token.expiresAt}, ${token.revokedAt}, ${token.lastUsedAt}, ${tokenHash})`,
  );
}

/** A token as stored: with the hash of its secret. */
export type StoredToken = ApiToken & { tokenHash: string };

/** One token with its stored secret hash, or undefined. */
export async function fetchToken(db: SqlRunner, id: string): Promise<StoredToken | undefined> {
  const { rows } = await runSql(db, sql`SELECT ${raw(COLUMNS)}, token_hash FROM api_tokens WHERE id = ${id}`);
  return rows[0] ? { ...tokenOf(rows[0]), tokenHash: String(rows[0].token_hash) } : undefined;
}

/** The tokens of one user, or of every user when `userId` is undefined; newest first. */
export async function fetchTokens(db: SqlRunner, userId?: string): Promise<ApiToken[]> {
  const { rows } =
    userId === undefined
      ? await db.query(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, id`)
      : await runSql(db, sql`SELECT ${raw(COLUMNS)} FROM api_tokens WHERE user_id = ${userId} ORDER BY created_at DESC, id`);
  return rows.map(tokenOf);
}

/** Marks a token revoked (once: a later revocation keeps the first time). */
export async function revokeToken(db: SqlRunner, id: string, now: number): Promise<void> {
  await runSql(db, sql`UPDATE api_tokens SET revoked_at = ${now} WHERE id = ${id} AND revoked_at IS NULL`);
}

/**
 * Records a use, at most once a minute per token (the condition holds across
 * servers sharing the store). Best effort: a lost update only makes
 * `last_used_at` up to a minute older, so a failure must not fail the request.
 */
export async function touchToken(db: SqlRunner, token: ApiToken, now: number): Promise<void> {
  if (token.lastUsedAt !== null && now - token.lastUsedAt < TOUCH_EVERY_MS) return;
  await runSql(
    db,
    sql`UPDATE api_tokens SET last_used_at = ${now} WHERE id = ${token.id} AND (last_used_at IS NULL OR last_used_at <= ${now - TOUCH_EVERY_MS})`,
  ).catch(() => undefined);
}

function tokenOf(row: Row): ApiToken {
  const time = (value: unknown) => (value === null ? null : Number(value));
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: String(row.name),
    scope: JSON.parse(String(row.scopes)) as TokenScope,
    createdAt: Number(row.created_at),
    expiresAt: time(row.expires_at),
    revokedAt: time(row.revoked_at),
    lastUsedAt: time(row.last_used_at),
  };
}
