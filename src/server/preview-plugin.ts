import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.js';
import { findLocalUser } from '../governance/identity/local-users.js';
import type { Principal } from '../governance/principal.js';
import type { ProjectRuntime } from '../runtime/open-project.js';
import { isAdmin, requireSessionPrincipal } from './auth-plugin.js';

export const PREVIEW_HEADER = 'x-roundtrip-preview-as';
const DATASET_QUERY = '/api/apps/:app/datasets/:dataset/query';

declare module 'fastify' {
  interface FastifyRequest {
    /** The admin who is previewing the app as `principal`. */
    previewedBy?: Principal;
  }
}

/**
 * "Preview as user X": an admin sends `X-Roundtrip-Preview-As: <username>` and
 * reads everything exactly as that user would (apps, datasets under their
 * read policies, history, live events). Preview never writes.
 */
export function installPreview(app: FastifyInstance, runtime: ProjectRuntime): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers[PREVIEW_HEADER];
    if (header === undefined || !request.principal) return;
    const admin = requireSessionPrincipal(request);
    if (!isAdmin(admin)) throw new AppError('GOV_FORBIDDEN_ADMIN', 'Only admins may preview apps as another user.');
    const readOnly = request.method === 'GET' || (request.method === 'POST' && request.routeOptions.url === DATASET_QUERY);
    if (!readOnly) throw new AppError('GOV_PREVIEW_READ_ONLY', 'Preview is read-only: stop previewing to make changes.');
    const username = Array.isArray(header) ? header[0] : header;
    const target = username ? await findLocalUser(runtime.system, username) : undefined;
    if (!target) throw new AppError('USER_NOT_FOUND', `No user '${username}' to preview as.`, { username });
    request.previewedBy = admin;
    request.principal = target;
  });
}
