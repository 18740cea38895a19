export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details ?? null;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const WRITE_METHODS = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let unauthorizedHandler: ((error: ApiError) => void) | null = null;
let previewAs: string | null = null;

/** App routes: the only ones a preview applies to. */
const PREVIEWED_PATH = /^\/api\/apps(\/|$|\?)/;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone, so the shell can fall back to the login page. */
export function setUnauthorizedHandler(handler: ((error: ApiError) => void) | null): void {
  unauthorizedHandler = handler;
}

/**
 * While set, app and data requests are answered as this user sees them (admins only; the server
 * refuses every write). Admin, token and auth routes always stay the signed-in user's own: under
 * preview the server would answer them for the previewed user, or refuse them as writes.
 */
export function setPreviewAs(username: string | null): void {
  previewAs = username;
}

interface RequestOptions {
  signal?: AbortSignal;
  /** Auth endpoints answer 401 as a normal outcome; they must not trigger a global logout. */
  allowUnauthorized?: boolean;
  /** Answer for the signed-in user even during a preview (e.g. the apps a token may cover). */
  asSelf?: boolean;
  /** The request outlives the page (a tab leaving as it closes). */
  keepalive?: boolean;
}

export async function apiRequest<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await send(method, path, headers, body === undefined ? undefined : JSON.stringify(body), options);
  return (await readJson(response)) as T;
}

/** Headers every request carries: CSRF on writes, the previewed user on app routes. */
function baseHeaders(method: Method, path: string, asSelf: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  if (WRITE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (previewAs && !asSelf && PREVIEWED_PATH.test(path)) headers['X-Roundtrip-Preview-As'] = previewAs;
  return headers;
}

/** One request with the session's headers; a refusal becomes an ApiError (a 401 also signs the tab out, unless allowed). */
async function send(
  method: Method,
  path: string,
  headers: Record<string, string>,
  body: BodyInit | undefined,
  options: RequestOptions = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...baseHeaders(method, path, options.asSelf ?? false), ...headers },
      credentials: 'same-origin',
      body,
      signal: options.signal,
      keepalive: options.keepalive,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached. Check your connection.');
  }
  if (response.ok) return response;
  const error = toApiError(response, await readJson(response));
  if (response.status === 401 && !options.allowUnauthorized) unauthorizedHandler?.(error);
  throw error;
}

/** A file the server sends (an export): its bytes and the name from Content-Disposition. */
export async function apiDownload(method: Method, path: string, body?: unknown): Promise<{ blob: Blob; fileName: string }> {
  const response = await send(
    method,
    path,
    body === undefined ? {} : { 'Content-Type': 'application/json' },
    body === undefined ? undefined : JSON.stringify(body),
  );
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: encoded ? decodeURIComponent(encoded) : (plain ?? 'export') };
}

/** Uploads a file as the request body (an import) and reads the JSON answer. */
export async function apiUpload<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const response = await send('POST', path, { 'Content-Type': contentType, Accept: 'application/json' }, file);
  return (await readJson(response)) as T;
}

/** Saves a downloaded file in the browser. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(response: Response, payload: unknown): ApiError {
  if (payload && typeof payload === 'object' && 'error' in payload) {
    const err = (payload as { error: { code?: string; message?: string; details?: unknown } }).error;
    return new ApiError(response.status, err.code ?? `HTTP_${response.status}`, err.message ?? response.statusText, err.details);
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'Request failed');
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

export function toApiErrorLike(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError(0, 'CLIENT_ERROR', message);
}
