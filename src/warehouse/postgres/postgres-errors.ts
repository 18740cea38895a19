import { AppError } from '../../errors/index.js';
import { constraintViolation, queryFailed, statementTimeout, transactionConflict, uniqueViolation, warehouseDenied, NODE_TLS_CODES } from '../driver-errors.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);

/** True when the connection (not just the statement) is gone. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return Boolean(
    e &&
      ((e.code && CONNECTION_CODES.has(e.code)) ||
        /Connection terminated|Client has encountered a connection error|connection is closed/i.test(e.message ?? '')),
  );
}

function tlsError(e: { code?: string; message?: string }, options: { cause: unknown }): AppError | undefined {
  if (e?.code && NODE_TLS_CODES.has(e.code)) {
    return new AppError(
      'DRV_TLS',
      `The warehouse's TLS certificate could not be verified (${e.message}): set ssl.caFile to the certificate authority that signed it, and connect by the name the certificate is for.`,
      { reason: e.message },
      options,
    );
  }
  if (/does not support SSL/i.test(e?.message ?? ''))
    return new AppError('DRV_TLS', 'The warehouse does not offer TLS, and ssl is on in roundtrip.yaml.', { reason: e.message }, options);
  return undefined;
}

/** Translates a `pg` error (by SQLSTATE) into an engine-neutral `AppError`, keeping it as `cause`. */
export function translatePostgresError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string };
  const tls = tlsError(e, { cause: error });
  if (tls) return tls;
  if (isConnectionError(error))
    return new AppError('DRV_CONNECTION', 'The warehouse connection was lost; nothing was written. Retry when it is back.', {}, { cause: error });
  switch (e?.code) {
    case '23505':
      return uniqueViolation(error);
    case '23502':
      return constraintViolation('not_null', error);
    case '23514':
      return constraintViolation('check', error);
    case '23503':
      return constraintViolation('foreign_key', error);
    case '23P01':
      return constraintViolation('exclusion', error);
    case '42501':
      return warehouseDenied(/row-level security/i.test(e.message ?? '') ? 'row_level_security' : 'privilege', error);
    case '40001':
    case '40P01':
      return transactionConflict(error);
    case '57014':
      return statementTimeout(error);
    case 'P0001':
      // RAISE EXCEPTION in a procedure of the app's own: its message is the app author's, meant for the user.
      return new AppError('DRV_QUERY_FAILED', `The warehouse refused the statement: ${e.message}`, {}, { cause: error });
    default:
      if (typeof e?.code === 'string' && e.code.startsWith('22')) return constraintViolation('value', error);
      return queryFailed(error);
  }
}
