import { createHash, randomBytes } from 'node:crypto';
import type { SqlRunner } from '../../warehouse/driver.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { raw, returningRows, runSql, sql } from '../../warehouse/sql.js';

/** A login sent to the provider and not yet back: the values its callback is checked against. */
export interface PendingLogin {
  state: string;
  nonce: string;
  /** PKCE verifier; the provider only saw its S256 challenge. */
  codeVerifier: string;
  /** The redirect_uri of the authorization request; the token request must repeat it. */
  redirectUri: string;
  /** SPA route to open after the login (`#/app/page`), or null for the start page. */
  returnTo: string | null;
}

/** A login must come back within this time. */
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;

/** `oidc_logins`: pending single sign-on logins (system store, created by the migrations). */
export const OIDC_LOGINS_TABLE_SPEC: TableSpec = {
  name: 'oidc_logins',
  columns: [
    column.text('id_hash', true),
    column.text('state', true),
    column.text('nonce', true),
    column.text('code_verifier', true),
    column.text('redirect_uri', true),
    column.text('return_to'),
    column.bigint('created_at', true),
  ],
  primaryKey: ['id_hash'],
};

/**
 * Keeps a pending login in the system store (so that any server of several
 * can take the callback) and returns the secret id for the browser's cookie.
 * Only a hash of the id is stored. Expired logins are removed on the way.
 */
export async function savePendingLogin(db: SqlRunner, login: PendingLogin, now = Date.now()): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await runSql(db, sql`DELETE FROM oidc_logins WHERE created_at < ${now - PENDING_LOGIN_TTL_MS}`);
  await runSql(
    db,
    sql`INSERT INTO oidc_logins VALUES (${hash(id)}, ${login.state}, ${login.nonce}, ${login.codeVerifier}, ${login.redirectUri}, ${login.returnTo}, ${now})`,
  );
  return id;
}

/**
 * The pending login of a cookie, removed from the store so that a callback
 * can be used once; undefined when unknown or expired.
 */
export async function takePendingLogin(db: SqlRunner, id: string, now = Date.now()): Promise<PendingLogin | undefined> {
  // One statement reads and removes: two callbacks racing with the same cookie cannot both get the login.
  const { rows } = await runSql(
    db,
    sql`DELETE FROM oidc_logins WHERE id_hash = ${hash(id)}${returningRows(raw('state, nonce, code_verifier, redirect_uri, return_to, created_at'))}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  if (now - Number(row.created_at) > PENDING_LOGIN_TTL_MS) return undefined;
  return {
    state: String(row.state),
    nonce: String(row.nonce),
    codeVerifier: String(row.code_verifier),
    redirectUri: String(row.redirect_uri),
    returnTo: row.return_to === null ? null : String(row.return_to),
  };
}

function hash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
