import { AppError } from '../../errors/index.js';
import {
  constraintViolation,
  queryFailed,
  statementTimeout,
  transactionConflict,
  uniqueViolation,
  warehouseDenied,
  NODE_TLS_CODES,
  NODE_NETWORK_CODES,
} from '../driver-errors.js';

/*
 * Snowflake's error codes (`SnowflakeError.code`): six-digit strings from the
 * server (`002003`, `390100`), numbers from the Node.js SDK itself (`401001`,
 * its `ErrorCode` enum). Compared as zero-padded text.
 */

/** Login refused: 390100 incorrect username or password, 390144 JWT token invalid, 390303/390318 OAuth token invalid/expired; SDK 404026–404029 unusable key or token. */
const AUTH = new Set(['390100', '390144', '390303', '390318', '404026', '404027', '404028', '404029']);
/** At login: 390201 the warehouse, database or schema does not exist or is not authorized; 390189 the role; 000606 no active warehouse. */
const MISSING_AT_LOGIN = new Set(['390201', '390189', '000606']);
/** SDK network failures (401001 could not connect, 402001 result download) and 250001 (the connectors' "could not connect"); 405503/407002 disconnected. */
const NETWORK = new Set(['401001', '402001', '250001', '405503', '407002']);
/** SDK certificate checks: OCSP (412001–412015) and CRL (413001). */
const TLS_SDK = /^41(2|3)0\d\d$/;
/** 000630 statement timeout (STATEMENT_TIMEOUT_IN_SECONDS); 000604 statement cancelled. */
const TIMEOUT = new Set(['000630', '000604']);
/** 000625: the statement waited on another transaction's lock too long, or too many statements waited on it. */
const CONFLICT = new Set(['000625']);
/** 100072: NULL written to a NOT NULL column. */
const NOT_NULL = new Set(['100072']);
/** 002003: object does not exist or not authorized (Snowflake does not tell them apart); 003001: insufficient privileges. */
const NOT_AUTHORIZED = '002003';
const PRIVILEGE = '003001';

interface NativeError {
  code?: unknown;
  sqlState?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Where the error happened: opening a session (missing objects are configuration), or a statement, as the service or as a user's role. */
export interface ErrorContext {
  phase: 'connect' | 'statement';
  asUser?: boolean;
}

function codeOf(error: NativeError): string {
  if (typeof error.code === 'number') return String(error.code).padStart(6, '0');
  return typeof error.code === 'string' ? error.code.padStart(6, '0') : '';
}

/** Node's own code of the error or of what caused it (the SDK wraps network errors). */
function nodeCode(error: NativeError): string {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as NativeError).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as NativeError).cause;
  }
  return '';
}

/** True when the session itself (not just the statement) is gone: the connection is dropped, not reused. */
export function isSessionLost(error: unknown): boolean {
  const e = (error ?? {}) as NativeError;
  return NETWORK.has(codeOf(e)) || NODE_NETWORK_CODES.has(nodeCode(e));
}

/** Translates a `snowflake-sdk` error into an engine-neutral `AppError`, keeping it as `cause`. */
export function translateSnowflakeError(error: unknown, context: ErrorContext = { phase: 'statement' }): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as NativeError;
  const code = codeOf(e);
  const sqlState = typeof e.sqlState === 'string' ? e.sqlState : '';
  const options = { cause: error };
  if (AUTH.has(code)) {
    return new AppError(
      'DRV_AUTH',
      'Snowflake refused the login; check warehouse.username and the authenticator (password, key pair or OAuth token).',
      { code },
      options,
    );
  }
  if (MISSING_AT_LOGIN.has(code) || (context.phase === 'connect' && code === NOT_AUTHORIZED)) {
    return new AppError(
      'DRV_NOT_FOUND',
      'The Snowflake warehouse, database, schema or role named in roundtrip.yaml does not exist, or the login may not use it.',
      { code },
      options,
    );
  }
  if (TLS_SDK.test(code) || NODE_TLS_CODES.has(nodeCode(e))) {
    return new AppError('DRV_TLS', "Snowflake's TLS certificate could not be verified (or its revocation checked); nothing was sent.", { code }, options);
  }
  if (isSessionLost(error)) {
    return new AppError('DRV_CONNECTION', 'Snowflake is unreachable; check warehouse.account and the network. Nothing was written.', { code }, options);
  }
  if (TIMEOUT.has(code)) return statementTimeout(error);
  if (CONFLICT.has(code) || sqlState === '40001') return transactionConflict(error);
  if (code === PRIVILEGE || (context.asUser && code === NOT_AUTHORIZED)) return warehouseDenied('privilege', error);
  if (NOT_NULL.has(code) || sqlState === '23502') return constraintViolation('not_null', error);
  // Hybrid tables enforce their keys, with the standard SQLSTATEs.
  if (sqlState === '23505') return uniqueViolation(error);
  if (sqlState === '23503') return constraintViolation('foreign_key', error);
  // Data exceptions (class 22): a value not recognised as the type (100038 numeric, 100035/100040 timestamp/date), out of range, too long.
  if (sqlState.startsWith('22') || /^1000(35|38|39|40|46)$/.test(code)) return constraintViolation('value', error);
  return queryFailed(error);
}
