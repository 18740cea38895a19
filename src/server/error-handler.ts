import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors/index.js';

const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('REQ_MALFORMED_JSON', 'The request body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('REQ_MALFORMED_JSON', 'The request body is empty; send a JSON object.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('REQ_TOO_LARGE', 'The request body is too large (1 MiB; 48 MiB for changesets); split it.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('REQ_UNSUPPORTED_MEDIA', 'Send the body as application/json.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new AppError('REQ_INVALID', 'The Content-Length header does not match the body.'),
  FST_ERR_BAD_URL: () => new AppError('REQ_INVALID', 'The URL is not valid percent-encoding.'),
  FST_ERR_MAX_PARAM_LENGTH: () => new AppError('REQ_URI_TOO_LONG', 'A path segment of the URL is too long (at most 100 characters).'),
  FST_ERR_ASYNC_CONSTRAINT: () => new AppError('INTERNAL', 'Something went wrong on the server; the log has the details.'),
};

/** Maps every error to `{error: {code, message, details}}` in one place. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(toAppError(error), error, request, reply));
}

/** The coded error a thrown value stands for. */
export function toAppError(error: FastifyError | Error): AppError {
  if (isAppError(error)) return error;
  const code = (error as FastifyError).code;
  if (code && FASTIFY_CODES[code]) return FASTIFY_CODES[code]!();
  const status = (error as FastifyError).statusCode;
  if (error instanceof SyntaxError && status === 400) return FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY!();
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('REQ_INVALID', error.message);
  return new AppError('INTERNAL', 'Something went wrong on the server; the log has the details.', {}, { cause: error });
}

/** Logs what the client is not told and sends the error body. */
export function sendError(appError: AppError, thrown: unknown, request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(appError.status).send({ error: { code: appError.code, message: appError.message, details: publicDetails(appError, request, thrown) } });
}

/**
 * The details a client gets for an error. When the error carries a cause the
 * client is not shown (a driver's native error, a bug), that cause goes to
 * the log with the request id, and the details carry the request id instead,
 * so support can find the log line. Used for every error body, including the
 * per-request results of a bulk approval.
 */
export function publicDetails(appError: AppError, request: FastifyRequest, thrown: unknown = appError): Record<string, unknown> {
  const withheld = withheldCause(appError);
  const serverSide = appError.status >= 500 || innermost(appError).status >= 500;
  if (withheld === undefined && !serverSide) {
    request.log.info({ code: appError.code }, appError.message);
    return appError.details;
  }
  const log = { err: withheld ?? thrown, code: appError.code };
  if (serverSide) request.log.error(log, appError.message);
  else request.log.warn(log, appError.message);
  return { ...appError.details, requestId: request.id };
}

/** The first cause along the chain that is not itself a coded error: the native text the client never sees. */
function withheldCause(error: AppError): unknown {
  let current: AppError = error;
  while (current.cause instanceof AppError) current = current.cause;
  return current.cause;
}

function innermost(error: AppError): AppError {
  let current = error;
  while (current.cause instanceof AppError) current = current.cause;
  return current;
}
