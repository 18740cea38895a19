import * as oidc from 'openid-client';
import { AppError, isAppError } from '../../errors/index.js';

/**
 * Translates what the OpenID Connect library throws into `AUTH_OIDC_*`
 * errors (the original kept as `cause`):
 * - an `error` in the callback (the person cancelled, the provider refused) → `AUTH_OIDC_DENIED`;
 * - the provider unreachable, timing out or answering 5xx → `AUTH_OIDC_UNAVAILABLE`;
 * - any answer that fails a check (state, `iss`, code exchange, ID token, userinfo subject) → `AUTH_OIDC_INVALID`.
 * Errors that are none of these (bugs) are returned unchanged.
 */
export function translateOidcError(error: unknown): unknown {
  if (isAppError(error)) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    const description = error.error_description ? `: ${error.error_description}` : '';
    return new AppError(
      'AUTH_OIDC_DENIED',
      `The identity provider refused the sign-in (${error.error}${description}).`,
      { error: error.error },
      { cause: error },
    );
  }
  if (error instanceof oidc.ResponseBodyError) {
    if (error.status >= 500) return unavailable(error);
    return new AppError('AUTH_OIDC_INVALID', `The identity provider refused the code exchange (${error.error}).`, { error: error.error }, { cause: error });
  }
  if (error instanceof oidc.ClientError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    if (status !== undefined && status >= 500) return unavailable(error);
    return new AppError(
      'AUTH_OIDC_INVALID',
      `The identity provider's answer failed validation: ${error.message}.`,
      { reason: error.code ?? null },
      { cause: error },
    );
  }
  if (isNetworkFailure(error)) return unavailable(error);
  return error;
}

function unavailable(cause: unknown): AppError {
  return new AppError('AUTH_OIDC_UNAVAILABLE', 'The identity provider could not be reached or answered with a server error; try again later.', {}, { cause });
}

/** fetch() rejects with a TypeError without a code when the connection fails, and with TimeoutError when the timeout fires. */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof DOMException) return error.name === 'TimeoutError' || error.name === 'AbortError';
  return error instanceof TypeError && (error as { code?: unknown }).code === undefined;
}
