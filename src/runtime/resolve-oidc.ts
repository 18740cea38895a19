import { configError, PROJECT_FILE, type ConfigIssue } from '../app-model/index.js';
import type { OidcConfig } from '../app-model/project-schema.js';
import type { OidcSettings } from '../governance/identity/oidc-settings.js';

/**
 * Turns identity.oidc as written in roundtrip.yaml into the settings of the
 * login flow: the client secret read from the environment when given as
 * `{ env: NAME }`, and every role of `roleMap` checked against the declared
 * roles. Throws one `CFG_INVALID` listing every problem.
 */
export function resolveOidcSettings(config: OidcConfig, roleNames: readonly string[], env: NodeJS.ProcessEnv = process.env): OidcSettings {
  const issues: ConfigIssue[] = [];
  const at = (path: string, message: string) => issues.push({ file: PROJECT_FILE, line: null, path: `identity.oidc.${path}`, message });
  const declared = new Set(roleNames);
  for (const [providerRole, role] of Object.entries(config.roleMap)) {
    if (!declared.has(role)) at(`roleMap.${providerRole}`, `unknown role '${role}'; declare it under roles`);
  }
  let clientSecret: string | undefined;
  if (typeof config.clientSecret === 'string') clientSecret = config.clientSecret;
  else if (config.clientSecret) {
    clientSecret = env[config.clientSecret.env];
    if (clientSecret === undefined || clientSecret === '') at('clientSecret', `reads environment variable ${config.clientSecret.env}, which is not set`);
  }
  if (issues.length) throw configError(issues);
  return {
    issuer: new URL(config.issuer),
    clientId: config.clientId,
    clientSecret,
    redirectUri: config.redirectUri,
    scopes: config.scopes,
    authorizationParams: config.authorizationParams,
    claims: {
      usernameClaim: config.usernameClaim,
      displayNameClaim: config.displayNameClaim,
      rolesClaim: config.rolesClaim,
      roleMap: config.roleMap,
      attributeClaims: config.attributeClaims,
    },
    buttonLabel: config.buttonLabel,
  };
}
