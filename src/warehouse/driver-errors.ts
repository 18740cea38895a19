import { AppError } from '../errors/index.js';

/*
 * The answers every driver gives for its engine's refusals: a stable code and
 * a message that reads the same on every engine. The engine's own text (which
 * names tables, constraints and key values, e.g. `Duplicate key "line_id:
 * 2401"`) stays in `cause`, for the server log only: the error handler logs it
 * with the request id and hands the client that id instead.
 */

/** Node's codes for a certificate it could not verify, and the server name check: every engine's `DRV_TLS`. */
export const NODE_TLS_CODES: ReadonlySet<string> = new Set([
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

/** Node's codes for a host that cannot be reached: every engine's `DRV_CONNECTION`. */
export const NODE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** The kind of constraint the warehouse enforced, in the same words on every engine. */
export type ConstraintKind = 'not_null' | 'check' | 'foreign_key' | 'exclusion' | 'value';

export function uniqueViolation(cause: unknown): AppError {
  return new AppError('DRV_UNIQUE_VIOLATION', 'The warehouse refused a duplicate key; nothing was written.', {}, { cause });
}

export function constraintViolation(constraint: ConstraintKind, cause: unknown): AppError {
  const what = constraint === 'value' ? 'a value it cannot store' : `a value (${constraint.replace('_', ' ')} constraint)`;
  return new AppError('DRV_CONSTRAINT_VIOLATION', `The warehouse refused ${what}; nothing was written.`, { constraint }, { cause });
}

export function transactionConflict(cause: unknown): AppError {
  return new AppError('DRV_TRANSACTION_CONFLICT', 'A concurrent transaction changed the same rows; retry.', {}, { cause });
}

export function statementTimeout(cause: unknown): AppError {
  return new AppError('DRV_TIMEOUT', 'The warehouse cancelled the statement (timeout or cancellation).', {}, { cause });
}

export function queryFailed(cause: unknown): AppError {
  return new AppError('DRV_QUERY_FAILED', 'The warehouse could not run the statement.', {}, { cause });
}

/** The warehouse's own access control (GRANTs, row-level security) refused the user's database role. */
export function warehouseDenied(reason: 'privilege' | 'row_level_security', cause: unknown): AppError {
  return new AppError(
    'GOV_WAREHOUSE_DENIED',
    reason === 'row_level_security'
      ? "The warehouse's row-level security refused the statement under your database role; nothing was written."
      : 'The warehouse refused the statement under your database role (it lacks a privilege); nothing was written.',
    { reason },
    { cause },
  );
}

/**
 * The engine's own text of an error kept as `cause`, for diagnostics that
 * only an operator sees (the server log, `roundtrip check`); the message
 * otherwise.
 */
export function diagnosticMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof AppError && current.cause !== undefined) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

const fromWarehouse = new WeakSet<object>();

/**
 * Awaits a call to the warehouse, marking what it throws as the warehouse's
 * own error. A transaction translates only such errors: what the code it runs
 * throws by itself (an application error, a bug) reaches the caller as it is,
 * not disguised as a statement the warehouse could not run.
 */
export async function warehouseCall<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (typeof error === 'object' && error !== null) fromWarehouse.add(error);
    throw error;
  }
}

/** Whether `error` was thrown by a warehouse call (see `warehouseCall`). */
export function isWarehouseError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && fromWarehouse.has(error);
}

/**
 * A driver just opened, once `probe` (a trivial query) ran on it; closed
 * again, with the probe's error rethrown, when it did not: a connect that
 * fails leaves no connection behind.
 */
export async function probed<D extends { query(sql: string): Promise<unknown>; close(): Promise<void> }>(driver: D, probe = 'SELECT 1'): Promise<D> {
  try {
    await driver.query(probe);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return driver;
}

/** A call its caller aborted (`QueryOptions.signal`): passed on as it is, never translated into a warehouse error. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
