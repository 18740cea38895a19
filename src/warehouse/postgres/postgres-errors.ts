import { AppError } from '../../errors/index.js';

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

/** Node's codes for a certificate it could not verify, and the server name check. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function tlsError(e: { code?: string; message?: string }, options: { cause: unknown }): AppError | undefined {
  if (e?.code && TLS_CODES.has(e.code)) {
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

/** Translates a `pg` error (by SQLSTATE) into an `AppError`, keeping it as `cause`. */
export function translatePostgresError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string; detail?: string; constraint?: string; column?: string; table?: string };
  const message = e?.message ?? String(error);
  const options = { cause: error };
  const reason = { reason: message, ...(e?.detail ? { detail: e.detail } : {}), ...(e?.constraint ? { constraint: e.constraint } : {}) };
  const tls = tlsError(e, options);
  if (tls) return tls;
  if (isConnectionError(error))
    return new AppError('DRV_CONNECTION', 'The warehouse connection was lost; nothing was written. Retry when it is back.', {}, options);
  switch (e?.code) {
    case '23505':
      return new AppError('DRV_UNIQUE_VIOLATION', `The warehouse refused a duplicate key: ${message}`, reason, options);
    case '23503':
    case '23514':
    case '23502':
    case '23P01':
      return new AppError('DRV_CONSTRAINT_VIOLATION', `The warehouse refused the value: ${message}`, reason, options);
    case '42501':
      return new AppError('GOV_WAREHOUSE_DENIED', `The warehouse refused the write under your database role: ${message}`, reason, options);
    case '40001':
    case '40P01':
      return new AppError('DRV_TRANSACTION_CONFLICT', 'A concurrent transaction changed the same rows; retry.', reason, options);
    case '57014':
      return new AppError('DRV_TIMEOUT', 'The warehouse cancelled the statement (timeout or cancellation).', reason, options);
    default:
      if (e?.code?.startsWith('22')) return new AppError('DRV_CONSTRAINT_VIOLATION', `The warehouse refused the value: ${message}`, reason, options);
      return new AppError('DRV_QUERY_FAILED', `The warehouse could not run the statement: ${message}`, {}, options);
  }
}
