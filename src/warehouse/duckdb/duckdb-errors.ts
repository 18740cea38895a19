import { AppError } from '../../errors/index.js';
import { constraintViolation, queryFailed, transactionConflict, uniqueViolation } from '../driver-errors.js';

const INVALIDATED = /database has been invalidated|FATAL Error|database is invalidated/i;

/** True when DuckDB says its instance can no longer be used and must be reopened. */
export function isInvalidatedError(error: unknown): boolean {
  return error instanceof Error && INVALIDATED.test(error.message);
}

/** Translates a native DuckDB error into an engine-neutral `AppError`, keeping it as `cause`. */
export function translateDuckdbError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isInvalidatedError(error)) {
    return new AppError('DRV_CONNECTION', 'The embedded warehouse had to be reopened after an internal error; retry the request.', {}, { cause: error });
  }
  if (/Conflict on (update|tuple deletion)|TransactionContext Error.*[Cc]onflict|write-write conflict/.test(message)) return transactionConflict(error);
  if (/Duplicate key|violates (primary key|unique) constraint|PRIMARY KEY or UNIQUE constraint/i.test(message)) return uniqueViolation(error);
  if (/NOT NULL constraint/i.test(message)) return constraintViolation('not_null', error);
  if (/CHECK constraint/i.test(message)) return constraintViolation('check', error);
  if (/foreign key constraint/i.test(message)) return constraintViolation('foreign_key', error);
  if (/Constraint Error/i.test(message)) return constraintViolation('value', error);
  return queryFailed(error);
}
