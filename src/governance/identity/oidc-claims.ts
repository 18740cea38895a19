import { AppError } from '../../errors/index.js';
import type { OidcClaimMapping } from './oidc-settings.js';

/** Claims of the ID token and the userinfo response, merged. */
export type OidcClaims = Record<string, unknown>;

/** The Roundtrip user a provider's claims describe. */
export interface OidcIdentity {
  /** `sub`: the provider's stable, never reassigned id of the person. */
  subject: string;
  username: string;
  displayName: string | null;
  /** Roundtrip roles: the mapped provider roles, in claim order, without duplicates. */
  roles: string[];
  /** Only attributes whose claim is present with a value policies can use. */
  attributes: Record<string, unknown>;
  /** The provider roles as received, for the log when none maps. */
  providerRoles: string[];
}

const MAX_USERNAME_LENGTH = 128;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters in provider claims
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Maps claims to a user (pure). Throws `AUTH_OIDC_INVALID` when the claims
 * lack a usable subject or username, and `AUTH_OIDC_NO_ROLE` when no provider
 * role maps to a Roundtrip role.
 */
export function buildOidcIdentity(claims: OidcClaims, mapping: OidcClaimMapping): OidcIdentity {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') throw new AppError('AUTH_OIDC_INVALID', 'The identity provider sent no subject (sub) claim.');
  const username = textOf(readClaim(claims, mapping.usernameClaim)) ?? subject;
  if (username.length > MAX_USERNAME_LENGTH || CONTROL_CHARACTERS.test(username)) {
    throw new AppError(
      'AUTH_OIDC_INVALID',
      `The ${mapping.usernameClaim} claim is not a usable username (at most ${MAX_USERNAME_LENGTH} characters, no control characters).`,
      { claim: mapping.usernameClaim },
    );
  }
  const providerRoles = listOf(readClaim(claims, mapping.rolesClaim));
  const roles = [...new Set(providerRoles.flatMap((role) => (Object.hasOwn(mapping.roleMap, role) ? [mapping.roleMap[role]!] : [])))];
  if (roles.length === 0) {
    throw new AppError('AUTH_OIDC_NO_ROLE', `None of ${username}'s provider roles maps to a Roundtrip role; add one to identity.oidc.roleMap.`, {
      username,
      providerRoles,
    });
  }
  const attributes: Record<string, unknown> = {};
  for (const [attribute, claim] of Object.entries(mapping.attributeClaims)) {
    const value = attributeValueOf(readClaim(claims, claim));
    if (value !== undefined) attributes[attribute] = value;
  }
  return { subject, username, displayName: textOf(readClaim(claims, mapping.displayNameClaim)) ?? null, roles, attributes, providerRoles };
}

/**
 * The claim of that name; when there is none and the name has dots, the path
 * into nested objects (Keycloak's `realm_access.roles`). Names are tried whole
 * first because some providers use URLs as claim names.
 */
export function readClaim(claims: OidcClaims, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** An array of strings, or a space-separated string (the `scope` style some providers use for groups). */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

/** The value types roundtrip.yaml allows for attributes; anything else is left out (policies then see null). */
function attributeValueOf(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item)));
  return undefined;
}
