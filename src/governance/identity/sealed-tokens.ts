import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** A user's OAuth tokens from their single sign-on, as the warehouse needs them. */
export interface UserTokenSet {
  accessToken: string;
  /** Present when the provider issued one (offline access); without it the user signs in again at expiry. */
  refreshToken?: string;
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
}

const VERSION = 'v1';
const SALT = Buffer.from('roundtrip/session-tokens');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals a session's tokens under a key derived (HKDF-SHA256) from the session
 * id, which only the browser's cookie holds: the store keeps a hash of the id,
 * so a copy of the store (or of its backups) cannot open them. AES-256-GCM,
 * bound to the session's id hash so a sealed value moved to another session
 * does not open.
 */
export function sealTokens(sessionId: string, idHash: string, tokens: UserTokenSet): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(sessionId), iv);
  cipher.setAAD(Buffer.from(idHash));
  const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), Buffer.concat([body, cipher.getAuthTag()]).toString('base64url')].join('.');
}

/** The tokens `sealTokens` sealed for this session; undefined when the value does not open with it (another session's, altered, unknown version). */
export function openTokens(sessionId: string, idHash: string, sealed: string): UserTokenSet | undefined {
  const [version, iv, sealedBody] = sealed.split('.');
  if (version !== VERSION || !iv || !sealedBody) return undefined;
  const bytes = Buffer.from(sealedBody, 'base64url');
  if (bytes.length <= TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(sessionId), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(idHash));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const text = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(text) as UserTokenSet;
    return typeof parsed.accessToken === 'string' && typeof parsed.expiresAt === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function keyOf(sessionId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionId, SALT, VERSION, 32));
}
