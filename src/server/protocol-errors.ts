import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors/index.js';

/** Sets the security headers on a response, as helmet's middleware does. */
export type SecurityHeaders = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A request line longer than this is answered as a URL too long rather than headers too large. */
const LONG_REQUEST_LINE = 8 * 1024;

/**
 * The headers `setHeaders` puts on every response, read once: helmet's set
 * is fixed for the server's life, and an answer Node's parser forces before
 * any request exists has no response object to set them on.
 */
export function captureSecurityHeaders(setHeaders: SecurityHeaders): Record<string, string> {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: unknown) => headers.set(name, Array.isArray(value) ? value.join(', ') : String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  setHeaders({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return Object.fromEntries(headers);
}

/** What Node's HTTP parser reports: a code, and (for parse errors) the bytes it was reading. */
export interface ParserError {
  code?: string;
  rawPacket?: unknown;
}

/** The coded answer to an error of Node's HTTP parser, or undefined when the connection is gone anyway. */
export function clientErrorOf(error: ParserError): AppError | undefined {
  switch (error.code) {
    case 'ECONNRESET':
      return undefined;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError('REQ_TIMEOUT', 'The request did not arrive completely in time.');
    case 'HPE_HEADER_OVERFLOW': {
      // Node counts the request line against the header limit: tell a long URL from long headers.
      const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined;
      const lineEnd = packet?.indexOf('\r\n') ?? 0;
      return packet
        ?.subarray(0, 16)
        .toString('latin1')
        .match(/^[A-Z]+ \S/) &&
        (lineEnd < 0 || lineEnd > LONG_REQUEST_LINE)
        ? new AppError('REQ_URI_TOO_LONG', 'The URL is too long.')
        : new AppError('REQ_HEADERS_TOO_LARGE', 'The request headers are too large (at most 16 KiB).');
    }
    default:
      return new AppError('REQ_MALFORMED_HTTP', 'The request is not valid HTTP/1.1.');
  }
}

/**
 * Answers an error of Node's HTTP parser (bad framing, oversized headers, a
 * timeout) on the raw socket, in the API's error shape with the same
 * security headers as every other response, then closes the connection.
 */
export function answerClientError(error: ParserError, socket: Socket, securityHeaders: Record<string, string>, log: FastifyBaseLogger): void {
  const appError = socket.destroyed ? undefined : clientErrorOf(error);
  if (!appError) return;
  const requestId = randomUUID();
  log.info({ reqId: requestId, code: appError.code, parserError: error.code }, appError.message);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: appError.code, message: appError.message, details: { requestId } } });
  const headers = {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Request-Id': requestId,
    Connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  socket.end([`HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}`, ...head, '', body].join('\r\n'));
}
