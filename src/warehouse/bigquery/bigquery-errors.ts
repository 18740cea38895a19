import { AppError } from '../../errors/index.js';
import { constraintViolation, queryFailed, statementTimeout, transactionConflict, warehouseDenied, NODE_NETWORK_CODES } from '../driver-errors.js';

/**
 * What an error of `@google-cloud/bigquery` carries: the HTTP status
 * (`code`), the API's error objects (`errors[].reason`, the `ErrorProto`
 * reasons listed in BigQuery's "Error messages" page), or a Node network or
 * TLS code, or the auth library's HTTP response (token requests).
 */
interface BigqueryErrorShape {
  code?: unknown;
  errors?: { reason?: string; message?: string }[];
  response?: { status?: number };
  message?: string;
}

/** Who ran the statement: Roundtrip's own credentials, or a user's access token (passthrough identity). */
export type Principal = 'service' | 'user';

/** Node's TLS verification codes (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, …). */
const TLS = /CERT|SSL|TLS|SIGNATURE|SELF_SIGNED/;
/** The auth library's refusals while getting a token (OAuth error codes, no credentials found). */
const CREDENTIALS = /invalid_grant|invalid_client|unauthorized_client|Could not load the default credentials|Could not refresh access token/i;
/** Transient refusals BigQuery asks to retry later (with backoff). */
const TRANSIENT = new Set(['backendError', 'internalError', 'rateLimitExceeded', 'jobRateLimitExceeded', 'quotaExceeded', 'jobBackendError']);
/** A mutating DML job lost to a concurrent one on the same table, or a transaction aborted by one. */
const CONFLICT = /concurrent update|Could not serialize access/i;
/** Values a column cannot take: bad literals, overflow, length of a parameterized STRING or NUMERIC. */
const BAD_VALUE =
  /Bad (?:int64|double|bool|numeric|bignumeric|date|datetime|timestamp) value|Invalid (?:NUMERIC|BIGNUMERIC|date|datetime|timestamp|INT64|FLOAT64|BOOL)|overflow|out of range|exceeds max(?:imum)? (?:allowed )?(?:length|precision)|Could not cast/i;
const NOT_NULL = /Required field .* cannot be null|cannot be null|NULL value .* REQUIRED|REQUIRED field/i;

function reasonsOf(error: BigqueryErrorShape): string[] {
  return (error.errors ?? []).map((e) => e.reason ?? '').filter(Boolean);
}

/**
 * Translates a BigQuery client error into an engine-neutral `AppError`,
 * keeping it as `cause`. Under a user's token (`principal` user) a refusal
 * of access is the warehouse's governance (`GOV_WAREHOUSE_DENIED`); under
 * Roundtrip's own credentials it is a configuration to fix (`DRV_AUTH`).
 * BigQuery enforces no keys, so no error here is a unique violation.
 */
export function translateBigqueryError(error: unknown, principal: Principal = 'service'): AppError {
  if (error instanceof AppError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as BigqueryErrorShape;
  const reasons = reasonsOf(shape);
  const message = [shape.message ?? String(error), ...(shape.errors ?? []).map((e) => e.message ?? '')].join(' ');
  const status = typeof shape.code === 'number' ? shape.code : shape.response?.status;
  const code = typeof shape.code === 'string' ? shape.code : '';
  if (CONFLICT.test(message)) return transactionConflict(error);
  if (reasons.includes('timeout') || reasons.includes('stopped') || /Job timed out|exceeded the maximum execution time/i.test(message))
    return statementTimeout(error);
  if (TLS.test(code)) {
    return new AppError('DRV_TLS', "BigQuery's TLS certificate could not be verified (a proxy intercepting HTTPS?).", {}, { cause: error });
  }
  if (NODE_NETWORK_CODES.has(code)) {
    return new AppError('DRV_CONNECTION', 'BigQuery is unreachable; check the network and any HTTPS proxy.', { reason: 'network' }, { cause: error });
  }
  // Before access: BigQuery answers rate and quota limits with HTTP 403 too.
  if (reasons.some((r) => TRANSIENT.has(r)) || (status !== undefined && status >= 500)) {
    return new AppError(
      'DRV_CONNECTION',
      'BigQuery is busy or briefly unavailable (rate limit or backend error); retry shortly.',
      { reason: 'busy' },
      { cause: error },
    );
  }
  if (status === 401 || CREDENTIALS.test(message)) {
    if (principal === 'user') return userRefused('token', error);
    return new AppError(
      'DRV_AUTH',
      'BigQuery refused the service credentials; check warehouse.keyFile (or the Application Default Credentials) and that the key is not revoked.',
      { reason: 'credentials' },
      { cause: error },
    );
  }
  if (reasons.includes('accessDenied') || status === 403) {
    if (principal === 'user') return warehouseDenied(/row access polic/i.test(message) ? 'row_level_security' : 'privilege', error);
    return new AppError(
      'DRV_AUTH',
      'BigQuery refused the service account a permission it needs (e.g. roles/bigquery.jobUser on the project, roles/bigquery.dataEditor on the dataset).',
      { reason: 'permission' },
      { cause: error },
    );
  }
  if (reasons.includes('notFound') && /Not found: (?:Dataset|Project)/i.test(message)) {
    return new AppError(
      'DRV_NOT_FOUND',
      'The BigQuery project or dataset named in warehouse.projectId / warehouse.dataset does not exist, or the service account cannot see it (check warehouse.location too).',
      {},
      { cause: error },
    );
  }
  if (NOT_NULL.test(message)) return constraintViolation('not_null', error);
  if (reasons.some((r) => r === 'invalidQuery' || r === 'invalid') && BAD_VALUE.test(message)) return constraintViolation('value', error);
  return queryFailed(error);
}

/** The user's own access token was refused (expired, revoked) or is missing: they sign in again. */
export function userRefused(reason: 'token' | 'no_token', cause?: unknown): AppError {
  return new AppError(
    'GOV_WAREHOUSE_DENIED',
    reason === 'token'
      ? 'BigQuery refused your Google access token (expired or revoked); sign in again.'
      : 'Your sign-in carries no Google access token for BigQuery; sign in again through single sign-on.',
    { reason },
    cause === undefined ? undefined : { cause },
  );
}
