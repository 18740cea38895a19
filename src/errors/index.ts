export { AppError, isAppError, type Issue } from './app-error.js';
export { ERROR_CODES, type ErrorCode } from './codes.js';
