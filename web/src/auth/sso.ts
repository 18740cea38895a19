import { apiRequest } from '../api/client';

/** Ways to sign in besides username and password (`GET /api/auth/providers`). */
export interface SignInOptions {
  oidc: { label: string } | null;
}

export function fetchSignInOptions(): Promise<SignInOptions> {
  return apiRequest<SignInOptions>('GET', '/api/auth/providers', undefined, { allowUnauthorized: true });
}

/**
 * Where the single sign-on button leads: a plain navigation (not a form
 * submission, which the Content-Security-Policy's form-action would stop at
 * the redirect to the provider). The current hash route comes back after the login.
 */
export function ssoLoginHref(hash: string): string {
  const returnTo = /^#\/[A-Za-z0-9_\-./%]*$/.test(hash) && !hash.startsWith('#/login') ? hash : null;
  return `/api/auth/oidc/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`;
}

const MESSAGES: Record<string, string> = {
  AUTH_OIDC_NO_ROLE: 'Your account has no role in Roundtrip. Ask an administrator to grant you access.',
  AUTH_OIDC_STATE: 'The sign-in could not be matched to this browser, or it took too long. Please try again.',
  AUTH_OIDC_DENIED: 'The sign-in was cancelled or refused by the identity provider.',
  AUTH_OIDC_INVALID: 'The identity provider’s answer could not be verified. Please try again or contact an administrator.',
  AUTH_OIDC_UNAVAILABLE: 'The identity provider cannot be reached right now. Please try again later.',
  AUTH_OIDC_USER_CONFLICT: 'Your username is already used by another Roundtrip account. Contact an administrator.',
  AUTH_OIDC_USER_DISABLED: 'Your Roundtrip account is disabled. Contact an administrator.',
  AUTH_OIDC_NOT_CONFIGURED: 'Single sign-on is not configured on this server.',
};

/** The failed single sign-on the server redirected back with (`#/login?error=<code>`), or null. */
export function readSsoError(hash: string): { code: string; message: string } | null {
  const match = /^#\/login\?(.*)$/.exec(hash);
  const code = match ? new URLSearchParams(match[1]).get('error') : null;
  if (!code || !/^[A-Z_]{1,64}$/.test(code)) return null;
  return { code, message: MESSAGES[code] ?? 'Single sign-on failed. Please try again or contact an administrator.' };
}
