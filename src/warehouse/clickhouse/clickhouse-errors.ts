import { AppError } from '../../errors/index.js';
import { constraintViolation, queryFailed, statementTimeout } from '../driver-errors.js';

/** ClickHouse's own error names (`ClickHouseError.type`) by what they mean to a caller. */
const TIMEOUT = new Set(['TIMEOUT_EXCEEDED', 'QUERY_WAS_CANCELLED', 'SOCKET_TIMEOUT']);
const BAD_VALUE = new Set([
  'CANNOT_PARSE_TEXT',
  'CANNOT_PARSE_NUMBER',
  'CANNOT_PARSE_DATE',
  'CANNOT_PARSE_DATETIME',
  'CANNOT_PARSE_BOOL',
  'CANNOT_CONVERT_TYPE',
  'ARGUMENT_OUT_OF_BOUND',
  'DECIMAL_OVERFLOW',
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
  'TOO_LARGE_STRING_SIZE',
]);
const NOT_NULL = new Set(['CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN']);
const AUTH = new Set(['AUTHENTICATION_FAILED', 'REQUIRED_PASSWORD', 'UNKNOWN_USER', 'WRONG_PASSWORD']);
const NETWORK = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|socket hang up|Timeout error/i;

/** Translates an error of `@clickhouse/client` (server or in-process engine) into an engine-neutral `AppError`, keeping it as `cause`. */
export function translateClickhouseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const type = typeof error === 'object' && error !== null && 'type' in error ? String((error as { type: unknown }).type) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (TIMEOUT.has(type)) return statementTimeout(error);
  if (NOT_NULL.has(type) || /Cannot convert NULL value to non-Nullable type/i.test(message)) return constraintViolation('not_null', error);
  if (type === 'VIOLATED_CONSTRAINT') return constraintViolation('check', error);
  if (BAD_VALUE.has(type)) return constraintViolation('value', error);
  if (AUTH.has(type)) {
    return new AppError(
      'DRV_CONNECTION',
      'ClickHouse refused the login; check warehouse.username and warehouse.password.',
      { reason: 'auth' },
      { cause: error },
    );
  }
  if (type === 'UNKNOWN_DATABASE') {
    return new AppError('DRV_CONNECTION', 'The ClickHouse database named in warehouse.database does not exist.', { reason: 'database' }, { cause: error });
  }
  if (!type && NETWORK.test(message)) {
    return new AppError(
      'DRV_CONNECTION',
      'ClickHouse is unreachable at warehouse.url; check the address and that the server runs.',
      { reason: 'network' },
      { cause: error },
    );
  }
  return queryFailed(error);
}
