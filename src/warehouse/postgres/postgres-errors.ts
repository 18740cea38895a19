import { AppError } from '../../errors/index.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);

/** True when the connection (not just the statement) is gone. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return Boolean(e && ((e.code && CONNECTION_CODES.has(e.code)) || /Connection terminated|Client has encountered a connection error|connection is closed/i.test(e.message ?? '')));
}

/** Translates a `pg` error (by SQLSTATE) into an `AppError`, keeping it as `cause`. */
export function translatePostgresError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string; detail?: string; constraint?: string; column?: string; table?: string };
  const message = e?.message ?? String(error);
  const options = { cause: error };
  const reason = { reason: message, ...(e?.detail ? { detail: e.detail } : {}), ...(e?.constraint ? { constraint: e.constraint } : {}) };
  if (isConnectionError(error)) return new AppError('DRV_CONNECTION', 'The warehouse connection was lost; nothing was written. Retry when it is back.', {}, options);
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
