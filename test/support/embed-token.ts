import { SignJWT, type JWTPayload } from 'jose';

/**
 * A token as a host product's backend signs it for an embedding with a shared secret (HS256):
 * issuer = the embedding's name, audience `roundtrip`, valid five minutes from now.
 */
export function signEmbedToken(embedding: string, secret: string, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(embedding)
    .setAudience('roundtrip')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}
