import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, importSPKI, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { EmbeddingConfig, ProjectConfig } from '../app-model/project-schema.js';
import { AppError } from '../errors/index.js';
import { type EmbedClaims, embedClaimsSchema } from './embed-claims.js';

const HMAC = ['HS256'];
const ASYMMETRIC = ['RS256', 'ES256'];
/** Clock difference tolerated between the host and this server. */
const CLOCK_TOLERANCE_S = 30;

export interface VerifiedEmbed {
  embedding: string;
  config: EmbeddingConfig;
  claims: EmbedClaims;
}

type Key = Uint8Array | CryptoKey | JWTVerifyGetKey;

/**
 * Verifies embed tokens against the project's embeddings. The token's `iss`
 * names the embedding, whose secret, public key or JWKS checks the
 * signature; then audience, expiry, the longest lifetime, the roles and the
 * app. Every fault is a coded 401 (403 for an app the embedding may not show)
 * that tells the host's developer what to fix and changes nothing.
 */
export class EmbedTokenVerifier {
  private readonly keys = new Map<string, Promise<Key>>();

  constructor(
    private readonly project: () => ProjectConfig,
    private readonly projectDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async verify(token: string, revokedBefore: (embedding: string) => Promise<number | undefined>): Promise<VerifiedEmbed> {
    let issuer: unknown;
    try {
      decodeProtectedHeader(token);
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalid('The embed token is not a JWT (three base64url parts: header, claims, signature).');
    }
    const embeddings = this.project().embeddings;
    if (typeof issuer !== 'string' || !Object.hasOwn(embeddings, issuer)) {
      throw new AppError('EMBED_UNKNOWN_KEY', 'The token names no embedding of this project in iss: set iss to the name under embeddings in roundtrip.yaml.');
    }
    const config = embeddings[issuer]!;
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, await this.key(issuer, config), {
        algorithms: config.secret ? HMAC : ASYMMETRIC,
        audience: config.audience,
        issuer,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (err) {
      throw fromJose(err, config);
    }
    const parsed = embedClaimsSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw invalid(`The token's claim ${issue.path.join('.') || '(root)'} is not valid: ${issue.message}.`);
    }
    const claims = parsed.data;
    if (claims.exp - claims.iat > config.maxTokenMinutes * 60) {
      throw new AppError('EMBED_TOKEN_LIFETIME', `The token lives longer than this embedding accepts (${config.maxTokenMinutes} minutes from iat to exp).`, {
        maxTokenMinutes: config.maxTokenMinutes,
      });
    }
    const revoked = await revokedBefore(issuer);
    if (revoked !== undefined && claims.iat * 1000 <= revoked) {
      throw new AppError('EMBED_TOKEN_REVOKED', 'The embedding was revoked after this token was signed: sign a new one with the new key.');
    }
    const foreign = claims.roles.filter((role) => !config.roles.includes(role));
    if (foreign.length) {
      throw new AppError('EMBED_TOKEN_ROLES', `The token asks for roles this embedding may not give: ${foreign.join(', ')}.`, {
        roles: foreign,
        allowed: config.roles,
      });
    }
    if (!config.apps.includes(claims.app)) {
      throw new AppError('EMBED_APP_FORBIDDEN', `The embedding may not show app '${claims.app}'.`, { app: claims.app, allowed: config.apps });
    }
    return { embedding: issuer, config, claims };
  }

  /** Forgets cached keys (after the project was reloaded). */
  reset(): void {
    this.keys.clear();
  }

  private key(name: string, config: EmbeddingConfig): Promise<Key> {
    const cacheKey = `${name}:${JSON.stringify([config.secret, config.publicKey, config.jwksUrl])}`;
    let key = this.keys.get(cacheKey);
    if (!key) {
      key = this.loadKey(config);
      this.keys.set(cacheKey, key);
      key.catch(() => this.keys.delete(cacheKey));
    }
    return key;
  }

  private async loadKey(config: EmbeddingConfig): Promise<Key> {
    if (config.secret) {
      const secret = this.env[config.secret.env];
      if (!secret || Buffer.byteLength(secret) < 32) {
        throw new AppError('EMBED_KEY_UNAVAILABLE', `The embedding's secret (environment variable ${config.secret.env}) is missing or shorter than 32 bytes.`);
      }
      return new TextEncoder().encode(secret);
    }
    if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl));
    const source = config.publicKey!;
    const pem = 'env' in source ? this.env[source.env] : readFileSync(isAbsolute(source.file) ? source.file : join(this.projectDir, source.file), 'utf8');
    if (!pem) throw new AppError('EMBED_KEY_UNAVAILABLE', `The embedding's public key (environment variable ${'env' in source ? source.env : ''}) is missing.`);
    const algorithm = /BEGIN PUBLIC KEY/.test(pem) && pem.length < 400 ? 'ES256' : 'RS256';
    try {
      return await importSPKI(pem, algorithm);
    } catch {
      // An EC key is short; try the other algorithm before giving up.
      return importSPKI(pem, algorithm === 'ES256' ? 'RS256' : 'ES256').catch(() => {
        throw new AppError('EMBED_KEY_UNAVAILABLE', 'The embedding’s public key is not an RSA or P-256 public key in PEM (SPKI) form.');
      });
    }
  }
}

function invalid(message: string): AppError {
  return new AppError('EMBED_TOKEN_INVALID', message);
}

function fromJose(err: unknown, config: EmbeddingConfig): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof errors.JWTExpired) return new AppError('EMBED_TOKEN_EXPIRED', 'The embed token has expired: the host must sign a new one.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return new AppError('EMBED_TOKEN_AUDIENCE', `The token's aud must be '${config.audience}'.`, { audience: config.audience });
    return invalid(`The token's ${err.claim} claim failed validation: ${err.reason}.`);
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return new AppError('EMBED_UNKNOWN_KEY', "No key of the host's JWKS matches the token's kid.");
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return invalid(`The token is signed with an algorithm this embedding does not accept (${config.secret ? 'HS256' : 'RS256 or ES256'}).`);
  }
  if (err instanceof errors.JWKSTimeout || (err instanceof Error && /fetch/i.test(err.message))) {
    return new AppError('EMBED_KEY_UNAVAILABLE', "The host's JWKS could not be fetched.");
  }
  return invalid('The embed token failed verification (a bad signature or a malformed token).');
}
