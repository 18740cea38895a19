import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/index.js';
import { buildOidcIdentity, readClaim } from './oidc-claims.js';
import type { OidcClaimMapping } from './oidc-settings.js';

const MAPPING: OidcClaimMapping = {
  usernameClaim: 'preferred_username',
  displayNameClaim: 'name',
  rolesClaim: 'roles',
  roleMap: { 'rt-partners': 'finance_partner', 'rt-partners-eu': 'finance_partner', 'rt-admins': 'admin' },
  attributeClaims: { entities: 'entities', region: 'region' },
};

function errorOf(run: () => unknown): { code: string; details: Record<string, unknown> } | undefined {
  try {
    run();
  } catch (error) {
    return isAppError(error) ? { code: error.code, details: error.details } : { code: String(error), details: {} };
  }
  return undefined;
}

const codeOf = (run: () => unknown) => errorOf(run)?.code;

describe('buildOidcIdentity', () => {
  it('maps username, display name, roles and attributes', () => {
    const identity = buildOidcIdentity(
      { sub: 'u-1', preferred_username: 'jane', name: 'Jane Doe', roles: ['staff', 'rt-partners'], entities: ['E01', 'E02'], region: 'north' },
      MAPPING,
    );
    expect(identity).toEqual({
      subject: 'u-1',
      username: 'jane',
      displayName: 'Jane Doe',
      roles: ['finance_partner'],
      attributes: { entities: ['E01', 'E02'], region: 'north' },
      providerRoles: ['staff', 'rt-partners'],
    });
  });

  it('falls back to sub when the username claim is missing, and to no display name', () => {
    const identity = buildOidcIdentity({ sub: 'u-2', roles: ['rt-admins'] }, MAPPING);
    expect(identity).toMatchObject({ username: 'u-2', displayName: null, roles: ['admin'], attributes: {} });
  });

  it('reads roles from a space-separated string and keeps each mapped role once', () => {
    const identity = buildOidcIdentity({ sub: 'u-3', roles: 'rt-partners  rt-partners-eu rt-admins' }, MAPPING);
    expect(identity.roles).toEqual(['finance_partner', 'admin']);
  });

  it('refuses a person none of whose roles is mapped, naming what the provider sent', () => {
    for (const roles of [['staff'], [], undefined, 'staff canteen', [42]]) {
      expect(codeOf(() => buildOidcIdentity({ sub: 'u-4', roles }, MAPPING))).toBe('AUTH_OIDC_NO_ROLE');
    }
    expect(errorOf(() => buildOidcIdentity({ sub: 'u-4', preferred_username: 'nora', roles: ['staff'] }, MAPPING))).toEqual({
      code: 'AUTH_OIDC_NO_ROLE',
      details: { username: 'nora', providerRoles: ['staff'] },
    });
  });

  it('never maps a role through inherited object keys', () => {
    expect(codeOf(() => buildOidcIdentity({ sub: 'u-5', roles: ['constructor', 'toString', '__proto__'] }, MAPPING))).toBe('AUTH_OIDC_NO_ROLE');
  });

  it('refuses claims without a subject, and unusable usernames', () => {
    expect(codeOf(() => buildOidcIdentity({ preferred_username: 'jane', roles: ['rt-admins'] }, MAPPING))).toBe('AUTH_OIDC_INVALID');
    expect(codeOf(() => buildOidcIdentity({ sub: 'u-6', preferred_username: 'jane\ndoe', roles: ['rt-admins'] }, MAPPING))).toBe('AUTH_OIDC_INVALID');
    expect(codeOf(() => buildOidcIdentity({ sub: 'u-6', preferred_username: 'x'.repeat(129), roles: ['rt-admins'] }, MAPPING))).toBe('AUTH_OIDC_INVALID');
  });

  it('leaves out attributes whose claim has no value policies can use', () => {
    const identity = buildOidcIdentity({ sub: 'u-7', roles: ['rt-partners'], entities: { E01: true }, region: null }, MAPPING);
    expect(identity.attributes).toEqual({});
    const mixed = buildOidcIdentity({ sub: 'u-7', roles: ['rt-partners'], entities: ['E01', 7, { x: 1 }, null] }, MAPPING);
    expect(mixed.attributes).toEqual({ entities: ['E01', 7] });
  });
});

describe('readClaim', () => {
  it('reads a claim whole first (URL-named claims), then as a dotted path', () => {
    expect(readClaim({ 'https://example.com/roles': ['a'] }, 'https://example.com/roles')).toEqual(['a']);
    expect(readClaim({ realm_access: { roles: ['b'] } }, 'realm_access.roles')).toEqual(['b']);
    expect(readClaim({ realm_access: { roles: ['b'] } }, 'realm_access.missing')).toBeUndefined();
    expect(readClaim({ realm_access: ['b'] }, 'realm_access.0')).toBeUndefined();
  });
});
