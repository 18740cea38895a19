import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, isAppError } from '../errors/index.js';

const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('REQ_MALFORMED_JSON', 'The request body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('REQ_MALFORMED_JSON', 'The request body is empty; send a JSON object.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('REQ_TOO_LARGE', 'The request body is too large (1 MiB; 48 MiB for changesets); split it.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('REQ_UNSUPPORTED_MEDIA', 'Send the body as application/json.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new AppError('REQ_INVALID', 'The Content-Length header does not match the body.'),
};

/** Maps every error to `{error: {code, message, details}}` in one place. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    if (isAppError(error)) appError = error;
    else if (error.code && FASTIFY_CODES[error.code]) appError = FASTIFY_CODES[error.code]!();
    else if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) appError = FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY!();
    else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) appError = new AppError('REQ_INVALID', error.message);
    else appError = new AppError('INTERNAL', 'Something went wrong on the server; the log has the details.', {}, { cause: error });
    if (appError.status >= 500) request.log.error({ err: error, code: appError.code }, appError.message);
    else request.log.info({ code: appError.code }, appError.message);
    void reply.status(appError.status).send(appError.toJSON());
  });
}
