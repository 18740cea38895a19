import { AppError } from '../../errors/index.js';
import {
  constraintViolation,
  queryFailed,
  statementTimeout,
  transactionConflict,
  warehouseDenied,
  NODE_TLS_CODES,
  NODE_NETWORK_CODES,
} from '../driver-errors.js';

/** Where an error happened: opening the driver (config problems), or a statement, as the service or as a user. */
export interface ErrorContext {
  connecting?: boolean;
  /** The statement ran with a user's own token (`QueryOptions.identity`). */
  asUser?: boolean;
}

/**
 * What `@databricks/sql` 2.0.0 throws, read structurally: `OperationStateError`
 * (`errorCode` CANCELED/TIMEOUT/ERROR, the server's `response` with `sqlState`
 * and `displayMessage`), `StatusError` (`code`, `message`), `THTTPException`
 * (`statusCode`), `RetryError` (`payload`: the network error or response
 * that kept failing), node-fetch errors (`code` such as ENOTFOUND).
 */
interface NativeError {
  name?: string;
  message?: string;
  code?: string | number;
  errorCode?: string;
  statusCode?: number;
  payload?: unknown;
  response?: { sqlState?: string | null; errorMessage?: string | null; displayMessage?: string | null; status?: number };
}

/** Error classes (https://docs.databricks.com/error-messages/) by what they mean to a caller. */
const NOT_FOUND = new Set(['CATALOG_NOT_FOUND', 'SCHEMA_NOT_FOUND', 'NO_SUCH_CATALOG_EXCEPTION']);
const DENIED = new Set(['PERMISSION_DENIED', 'INSUFFICIENT_PERMISSIONS', 'UNAUTHORIZED_ACCESS']);
const CONFLICT = /^DELTA_(CONCURRENT_\w+|METADATA_CHANGED|PROTOCOL_CHANGED)$/;
const BAD_VALUE = new Set([
  'CAST_INVALID_INPUT',
  'CAST_OVERFLOW',
  'CAST_OVERFLOW_IN_TABLE_INSERT',
  'NUMERIC_VALUE_OUT_OF_RANGE',
  'ARITHMETIC_OVERFLOW',
  'DATETIME_OVERFLOW',
  'EXCEED_LIMIT_LENGTH',
  'DELTA_EXCEED_CHAR_VARCHAR_LIMIT',
]);
const NOT_NULL = new Set(['DELTA_NOT_NULL_CONSTRAINT_VIOLATED', 'NOT_NULL_CONSTRAINT_VIOLATION', 'NOT_NULL_ASSERT_VIOLATION']);
const CHECK = new Set(['DELTA_VIOLATE_CONSTRAINT_WITH_VALUES', 'DELTA_CHECK_CONSTRAINT_VIOLATED']);

/** `[ERROR_CLASS]` or `[ERROR_CLASS.SUB_CLASS]` at the head of Databricks' messages; older ones open with `ERROR_CLASS:`. */
function errorClassOf(text: string): string | undefined {
  return /\[([A-Z][A-Z0-9_]+)(?:\.[A-Z0-9_]+)*\]/.exec(text)?.[1] ?? /^([A-Z][A-Z0-9_]{3,}):/m.exec(text)?.[1];
}

function sqlStateOf(e: NativeError, text: string): string | undefined {
  return e.response?.sqlState ?? /SQLSTATE:\s*([0-9A-Z]{5})/.exec(text)?.[1];
}

/** The network or HTTP failure under a `RetryError`, which reports only that retries ran out. */
function unwrap(error: unknown): NativeError {
  const e = (error ?? {}) as NativeError;
  if (e.name === 'RetryError' || (e.errorCode && e.payload !== undefined)) {
    const payload = e.payload as { response?: { status?: number } } & NativeError;
    if (payload?.response?.status !== undefined) return { ...e, statusCode: payload.response.status };
    if (payload && typeof payload === 'object') return { ...payload, errorCode: e.errorCode };
  }
  return e;
}

/** Translates an error of `@databricks/sql` into an engine-neutral `AppError`, keeping it as `cause`. */
export function translateDatabricksError(error: unknown, context: ErrorContext = {}): AppError {
  if (error instanceof AppError) return error;
  const e = unwrap(error);
  const text = [e.message, e.response?.errorMessage, e.response?.displayMessage].filter(Boolean).join('\n');
  const options = { cause: error };
  if (typeof e.code === 'string' && NODE_TLS_CODES.has(e.code))
    return new AppError('DRV_TLS', `The Databricks workspace's TLS certificate could not be verified (${e.code}).`, { reason: e.code }, options);
  if ((typeof e.code === 'string' && NODE_NETWORK_CODES.has(e.code)) || (e.statusCode !== undefined && e.statusCode >= 500))
    return new AppError(
      'DRV_CONNECTION',
      'Databricks is unreachable at warehouse.host (or the SQL warehouse did not answer); check the host and that the warehouse runs.',
      { reason: 'network' },
      options,
    );
  if (e.statusCode === 401 || e.statusCode === 403 || e.constructor?.name === 'AuthenticationError') {
    if (context.asUser)
      return new AppError(
        'GOV_WAREHOUSE_DENIED',
        'Databricks refused your sign-in token (expired or revoked); sign in again. Nothing was written.',
        { reason: 'user_token' },
        options,
      );
    return new AppError(
      'DRV_AUTH',
      'Databricks refused the credentials of warehouse.token (or clientId/clientSecret); check that they are valid for this workspace.',
      { reason: 'auth' },
      options,
    );
  }
  if (e.statusCode === 404)
    return new AppError('DRV_NOT_FOUND', 'No SQL warehouse answers at warehouse.httpPath; copy it from the warehouse\'s "Connection details".', {}, options);
  const errorClass = errorClassOf(text) ?? '';
  const sqlState = sqlStateOf(e, text) ?? '';
  if (NOT_FOUND.has(errorClass))
    return new AppError(
      'DRV_NOT_FOUND',
      'The catalog or schema named in warehouse.catalog / warehouse.schema does not exist, or the service identity cannot use it.',
      { reason: errorClass },
      options,
    );
  if (e.errorCode === 'TIMEOUT' || e.errorCode === 'CANCELED' || sqlState === '57014' || /timed out/i.test(text)) return statementTimeout(error);
  if (CONFLICT.test(errorClass) || /Concurrent\w*Exception/.test(text)) return transactionConflict(error);
  if (NOT_NULL.has(errorClass) || sqlState === '23502') return constraintViolation('not_null', error);
  if (CHECK.has(errorClass) || sqlState === '23001') return constraintViolation('check', error);
  if (BAD_VALUE.has(errorClass) || sqlState.startsWith('22')) return constraintViolation('value', error);
  if (DENIED.has(errorClass) || sqlState === '42501') {
    if (context.asUser) return warehouseDenied('privilege', error);
    return new AppError(
      'DRV_QUERY_FAILED',
      "Databricks refused the statement to Roundtrip's own identity (a missing grant).",
      { reason: 'privilege' },
      options,
    );
  }
  if (context.connecting)
    return new AppError('DRV_CONNECTION', 'Databricks could not open a session on the SQL warehouse.', { reason: errorClass || 'session' }, options);
  return queryFailed(error);
}
