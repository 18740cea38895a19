import { AppError } from '../../errors/index.js';
import { constraintViolation, queryFailed, statementTimeout, transactionConflict, uniqueViolation, warehouseDenied, NODE_TLS_CODES } from '../driver-errors.js';

/**
 * What mssql (over tedious) throws: `code` is the client's (`ELOGIN`,
 * `ESOCKET`, `ETIMEOUT`, `ECANCEL`, `EREQUEST`, …); `number` is SQL
 * Server's own error number for a refused statement; tedious's error, when
 * wrapped, is `originalError` (its `cause` the network error).
 */
interface MssqlError {
  code?: string;
  number?: number | string;
  message?: string;
  originalError?: MssqlError & { info?: { number?: number }; cause?: MssqlError };
  cause?: MssqlError;
  precedingErrors?: MssqlError[];
}

/** SQL Server error numbers (sys.messages) by what they mean to a caller. */
const UNIQUE = new Set([2627, 2601]);
const NOT_NULL = new Set([515]);
const CONSTRAINT = new Set([547]);
/** Conversion failed, arithmetic overflow, string or binary data would be truncated, out-of-range date. */
const BAD_VALUE = new Set([245, 8114, 8115, 8152, 2628, 242, 241, 295, 8169, 220, 232, 9809]);
const CONFLICT = new Set([1205, 3960, 3961]);
const DENIED = new Set([229, 230, 262, 300, 15247]);
/** The block predicate of a security policy refused the write (row-level security). */
const RLS_BLOCKED = 33504;
const NOT_FOUND = new Set([4060, 911, 40613]);
const LOGIN_FAILED = new Set([18456, 18452, 18470, 18486, 18487, 18488]);
const NETWORK = new Set(['ESOCKET', 'ECONNCLOSED', 'ECLOSE', 'ENOTOPEN', 'ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

/** Every error in the chain (wrapped errors, and the ones SQL Server sent before the last), outermost first. */
function chain(error: MssqlError): MssqlError[] {
  const out: MssqlError[] = [];
  const visit = (e: MssqlError | undefined) => {
    if (!e || typeof e !== 'object' || out.includes(e) || out.length > 20) return;
    out.push(e);
    visit(e.originalError);
    visit(e.cause);
    for (const preceding of e.precedingErrors ?? []) visit(preceding);
  };
  visit(error);
  return out;
}

/** SQL Server's error numbers in the chain (the client puts them in `number`, or in `info.number` of the error it wraps). */
function numbersOf(errors: MssqlError[]): number[] {
  return errors.flatMap((e) => [e.number, e.originalError?.info?.number]).filter((n): n is number => typeof n === 'number');
}

/** Translates an error of `mssql` into an engine-neutral `AppError`, keeping it as `cause`. */
export function translateSqlserverError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const errors = chain(error as MssqlError);
  const codes = new Set(errors.map((e) => e.code).filter(Boolean));
  const messages = errors.map((e) => e.message ?? '').join('\n');
  const numbers = numbersOf(errors);
  const has = (set: Set<number>) => numbers.some((n) => set.has(n));
  const tls = errors.find((e) => e.code && NODE_TLS_CODES.has(e.code));
  if (tls || /certificate|self[- ]signed|SSL routines|TLS/i.test(codes.has('ESOCKET') ? messages : ''))
    return new AppError(
      'DRV_TLS',
      "SQL Server's TLS certificate could not be verified: set warehouse.caFile to the certificate authority that signed it, and connect by the host name the certificate is for.",
      { reason: tls?.message ?? 'certificate' },
      { cause: error },
    );
  if (has(NOT_FOUND) || /Cannot open database/i.test(messages))
    return new AppError(
      'DRV_NOT_FOUND',
      'The SQL Server database named in warehouse.database does not exist, or the login cannot open it.',
      { reason: 'database' },
      { cause: error },
    );
  if (has(LOGIN_FAILED) || codes.has('ELOGIN'))
    return new AppError(
      'DRV_AUTH',
      'SQL Server refused the login; check warehouse.user and warehouse.password (or warehouse.accessToken).',
      {},
      { cause: error },
    );
  if (has(UNIQUE)) return uniqueViolation(error);
  if (has(NOT_NULL)) return constraintViolation('not_null', error);
  if (has(CONSTRAINT)) return constraintViolation(/FOREIGN KEY|REFERENCE constraint/i.test(messages) ? 'foreign_key' : 'check', error);
  if (numbers.includes(RLS_BLOCKED)) return warehouseDenied('row_level_security', error);
  if (has(DENIED)) return warehouseDenied('privilege', error);
  if (has(CONFLICT)) return transactionConflict(error);
  if (has(BAD_VALUE)) return constraintViolation('value', error);
  if (codes.has('ETIMEOUT') && !codes.has('ESOCKET') && numbers.length === 0 && !/Failed to connect/i.test(messages)) return statementTimeout(error);
  if (codes.has('ECANCEL')) return statementTimeout(error);
  if (codes.has('ETIMEOUT') || [...codes].some((code) => code && NETWORK.has(code)))
    return new AppError(
      'DRV_CONNECTION',
      'SQL Server is unreachable at warehouse.server, or the connection was lost; nothing was written. Check the address and that the server runs.',
      { reason: 'network' },
      { cause: error },
    );
  return queryFailed(error);
}
