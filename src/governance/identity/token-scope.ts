import { AppError } from '../../errors/index.js';
import type { TokenScope } from './token-store.js';

/** The matched route of a request, as Fastify names it (`/api/apps/:app/...`). */
export interface RouteCall {
  method: string;
  /** The route pattern; undefined when no route matched (the request ends in 404 anyway). */
  url: string | undefined;
  params: Record<string, unknown>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Reads that use POST for their body: a read token may run them. */
const READS_BY_POST = new Set(['/api/apps/:app/datasets/:dataset/query']);
/** Routes that manage credentials or users: a token may never call them, so a leaked token cannot make itself stronger. */
const SESSION_ONLY = [/^\/api\/admin\//, /^\/api\/tokens(\/|$)/, /^\/api\/auth\//];
const TOKEN_ALLOWED_AUTH = new Set(['GET /api/auth/me']);

/** Throws `AUTH_TOKEN_SCOPE` when a token's scope does not cover the call. */
export function assertTokenScope(scope: TokenScope, call: RouteCall): void {
  const url = call.url;
  if (url === undefined) return;
  if (SESSION_ONLY.some((pattern) => pattern.test(url)) && !TOKEN_ALLOWED_AUTH.has(`${call.method} ${url}`)) {
    throw new AppError('AUTH_TOKEN_SCOPE', 'API tokens cannot manage users, tokens or sessions; log in to do this.', { route: url });
  }
  const everyApp = scope.apps.includes('*');
  const app = call.params.app;
  if (typeof app === 'string' && !everyApp && !scope.apps.includes(app)) {
    throw new AppError('AUTH_TOKEN_SCOPE', `This API token is not valid for app '${app}'.`, { app, apps: scope.apps });
  }
  // The event stream carries changes of every app the user may see; a token limited to some apps may not follow it.
  if (url === '/api/events' && !everyApp) {
    throw new AppError('AUTH_TOKEN_SCOPE', 'Only a token for every app (apps: ["*"]) may follow /api/events.', { apps: scope.apps });
  }
  if (scope.access === 'read' && STATE_CHANGING.has(call.method) && !READS_BY_POST.has(url)) {
    throw new AppError('AUTH_TOKEN_SCOPE', 'This API token is read-only; create a token with access "write" to change data.', { access: scope.access });
  }
}

/** Whether a token scope lets the token see an app (for filtering lists). */
export function isAppInScope(scope: TokenScope, app: string): boolean {
  return scope.apps.includes('*') || scope.apps.includes(app);
}
