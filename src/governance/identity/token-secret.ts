import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `rt_<id>_<secret>`: 16 hex digits of id (fixed length, so the secret may contain `_`), 43 base64url characters of secret. */
const TOKEN_FORMAT = /^rt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new token id and secret, and the string handed to the user once. */
export function buildTokenSecret(): { id: string; secret: string; token: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `rt_${id}_${secret}` };
}

/** The id and secret of a presented token, or undefined when it is not one. */
export function parseTokenSecret(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN_FORMAT.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** SHA-256 hex of the secret: only this is stored, so a copy of the store cannot be replayed. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function isTokenSecret(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashTokenSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
