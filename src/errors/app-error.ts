import { ERROR_CODES, type ErrorCode } from './codes.js';

/** One problem inside a multi-problem error (validation, config). */
export interface Issue {
  /** Human-readable description that says what to fix. */
  message: string;
  [field: string]: unknown;
}

/**
 * The one error type crossing module boundaries. `code` is stable and listed in
 * `ERROR_CODES`; `details` is JSON-safe and returned to API clients; `cause`
 * keeps the original (e.g. native driver) error for logs only.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }

  /** The JSON body every API error uses. */
  toJSON(): { error: { code: ErrorCode; message: string; details: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
