import { AppError } from '../../errors/index.js';

const INVALIDATED = /database has been invalidated|FATAL Error|database is invalidated/i;

/** True when DuckDB says its instance can no longer be used and must be reopened. */
export function isInvalidatedError(error: unknown): boolean {
  return error instanceof Error && INVALIDATED.test(error.message);
}

/** Translates a native DuckDB error into an `AppError`, keeping it as `cause`. */
export function translateDuckdbError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const options = { cause: error };
  if (isInvalidatedError(error)) {
    return new AppError('DRV_CONNECTION', 'The embedded warehouse had to be reopened after an internal error; retry the request.', {}, options);
  }
  if (/Conflict on (update|tuple deletion)|TransactionContext Error.*[Cc]onflict|write-write conflict/.test(message)) {
    return new AppError('DRV_TRANSACTION_CONFLICT', 'A concurrent transaction changed the same rows; retry.', {}, options);
  }
  if (/Duplicate key|violates (primary key|unique) constraint|PRIMARY KEY or UNIQUE constraint/i.test(message)) {
    return new AppError('DRV_UNIQUE_VIOLATION', 'The warehouse refused a duplicate key.', { reason: firstLine(message) }, options);
  }
  if (/NOT NULL constraint|CHECK constraint|foreign key constraint|Constraint Error/i.test(message)) {
    return new AppError('DRV_CONSTRAINT_VIOLATION', `The warehouse refused the value: ${firstLine(message)}`, { reason: firstLine(message) }, options);
  }
  return new AppError('DRV_QUERY_FAILED', `The warehouse could not run the statement: ${firstLine(message)}`, {}, options);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
