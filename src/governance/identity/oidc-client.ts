import * as oidc from 'openid-client';
import type { OidcClaims } from './oidc-claims.js';
import { translateOidcError } from './oidc-errors.js';
import type { PendingLogin } from './oidc-pending-logins.js';
import type { OidcSettings } from './oidc-settings.js';
import type { UserTokenSet } from './sealed-tokens.js';

/** Seconds before a request to the provider (discovery, token, userinfo) is given up. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** The relying-party side of the authorization code flow with PKCE, for one provider. */
export interface OidcClient {
  readonly settings: OidcSettings;
  /** A fresh login: the provider's authorization URL and the values its callback must match. */
  startLogin(redirectUri: string, returnTo: string | null): Promise<{ authorizationUrl: string; pending: PendingLogin }>;
  /**
   * Checks the callback's query against the pending login (state, `iss`,
   * provider errors), exchanges the code with the PKCE verifier, validates
   * the ID token (signature, issuer, audience, expiry, nonce) and reads
   * userinfo. Returns the ID token's claims over the userinfo claims, and
   * the OAuth tokens (kept only where the warehouse runs statements with
   * them). Failures are `AUTH_OIDC_*` errors.
   */
  finishLogin(callbackQuery: URLSearchParams, pending: PendingLogin): Promise<{ claims: OidcClaims; tokens: UserTokenSet }>;
  /** New tokens for a refresh token (refresh_token grant); `AUTH_OIDC_*` errors when the provider refuses or cannot be reached. */
  refresh(refreshToken: string): Promise<UserTokenSet>;
}

/** Lifetime assumed for an access token whose expiry the provider does not state. */
const UNSTATED_LIFETIME_SECONDS = 300;

function tokenSetOf(tokens: oidc.TokenEndpointResponse, now = Date.now()): UserTokenSet {
  return {
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    expiresAt: now + (tokens.expires_in ?? UNSTATED_LIFETIME_SECONDS) * 1000,
  };
}

/**
 * Creates the client; the provider's discovery document is read at the first
 * login and kept (read again after a failure, so a provider that was down at
 * first is picked up later).
 */
export function createOidcClient(settings: OidcSettings): OidcClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover(settings).catch((error: unknown) => {
      discovered = undefined;
      throw translateOidcError(error);
    });
    return discovered;
  };

  return {
    settings,
    async startLogin(redirectUri, returnTo) {
      const config = await configuration();
      const pending: PendingLogin = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        redirectUri,
        returnTo,
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        // Provider-specific extras (e.g. Google's access_type=offline for a refresh token); the schema keeps the flow's own names out.
        ...settings.authorizationParams,
      });
      return { authorizationUrl: url.href, pending };
    },
    async finishLogin(callbackQuery, pending) {
      const config = await configuration();
      // The URL the provider redirected to: the registered redirect_uri with the callback's query.
      const callbackUrl = new URL(pending.redirectUri);
      callbackUrl.search = callbackQuery.toString();
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims()!;
        // Providers differ in which claims they put in the ID token; userinfo (checked to be about the same sub) fills the rest.
        const userinfo = config.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
        return { claims: { ...userinfo, ...idClaims }, tokens: tokenSetOf(tokens) };
      } catch (error) {
        throw translateOidcError(error);
      }
    },
    async refresh(refreshToken) {
      const config = await configuration();
      try {
        return tokenSetOf(await oidc.refreshTokenGrant(config, refreshToken));
      } catch (error) {
        throw translateOidcError(error);
      }
    },
  };
}

async function discover(settings: OidcSettings): Promise<oidc.Configuration> {
  // HTTP Basic is the client authentication every provider must support (RFC 6749, section 2.3.1).
  const auth = settings.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(settings.clientSecret);
  return oidc.discovery(settings.issuer, settings.clientId, settings.clientSecret, auth, {
    timeout: REQUEST_TIMEOUT_SECONDS,
    // The project schema accepts plain http only for an issuer on this machine (development and tests).
    execute: settings.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
  });
}
