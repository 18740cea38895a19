import { describe, expect, it } from 'vitest';
import { oidcSchema } from '../app-model/project-schema.js';
import { isAppError } from '../errors/index.js';
import { resolveOidcSettings } from './resolve-oidc.js';

const ROLES = ['admin', 'finance_partner'];
const base = { issuer: 'https://login.example.com/realms/finance', clientId: 'roundtrip', roleMap: { 'rt-admins': 'admin' } };

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return (error.details.issues as { path: string; message: string }[]).map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('identity.oidc in roundtrip.yaml', () => {
  it('fills the documented defaults', () => {
    const settings = resolveOidcSettings(oidcSchema.parse(base), ROLES, {});
    expect(settings).toEqual({
      issuer: new URL(base.issuer),
      clientId: 'roundtrip',
      clientSecret: undefined,
      redirectUri: undefined,
      scopes: ['openid', 'profile', 'email'],
      authorizationParams: {},
      claims: { usernameClaim: 'preferred_username', displayNameClaim: 'name', rolesClaim: 'roles', roleMap: { 'rt-admins': 'admin' }, attributeClaims: {} },
      buttonLabel: 'Sign in with single sign-on',
    });
  });

  it('reads the client secret from the environment at the boundary', () => {
    const config = oidcSchema.parse({ ...base, clientSecret: { env: 'OIDC_SECRET' } });
    expect(resolveOidcSettings(config, ROLES, { OIDC_SECRET: 's3cret' }).clientSecret).toBe('s3cret');
    expect(issuesOf(() => resolveOidcSettings(config, ROLES, {}))).toEqual([
      'identity.oidc.clientSecret: reads environment variable OIDC_SECRET, which is not set',
    ]);
  });

  it('refuses a roleMap that names an undeclared role', () => {
    const config = oidcSchema.parse({ ...base, roleMap: { 'rt-admins': 'admin', 'rt-bosses': 'boss' } });
    expect(issuesOf(() => resolveOidcSettings(config, ROLES, {}))).toEqual(["identity.oidc.roleMap.rt-bosses: unknown role 'boss'; declare it under roles"]);
  });

  it.each([
    [{ ...base, issuer: 'http://login.example.com' }, 'issuer'],
    [{ ...base, issuer: 'not a url' }, 'issuer'],
    [{ ...base, roleMap: {} }, 'roleMap'],
    [{ ...base, scopes: ['profile', 'email'] }, 'scopes'],
    [{ ...base, scopes: ['openid profile'] }, 'scopes.0'],
    [{ ...base, authorizationParams: { state: 'forged' } }, 'authorizationParams.state'],
    [{ ...base, authorizationParams: { 'Access-Type': 'offline' } }, 'authorizationParams.Access-Type'],
    [{ ...base, redirectUri: 'javascript:alert(1)' }, 'redirectUri'],
    [{ ...base, clientSecret: '' }, 'clientSecret'],
    [{ ...base, groupsClaim: 'groups' }, ''],
  ])('refuses %j at %s', (config, path) => {
    const result = oidcSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts plain http only for a provider on this machine', () => {
    for (const issuer of ['http://127.0.0.1:8080', 'http://localhost:8080/realms/dev', 'http://[::1]:9000']) {
      expect(oidcSchema.safeParse({ ...base, issuer }).success, issuer).toBe(true);
    }
  });
});
