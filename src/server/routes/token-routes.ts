import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { createApiToken, listApiTokens, publicToken, revokeApiToken } from '../../governance/identity/api-tokens.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { isAdmin, requireSessionPrincipal } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

const appName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'app names are lower-case letters, digits and -');

export const createTokenSchema = z.strictObject({
  name: z.string().min(1).max(100),
  apps: z.union([z.tuple([z.literal('*')]), z.array(appName).min(1).max(100)]).describe('App names, or ["*"] for every app the user may open.'),
  access: z.enum(['read', 'write']),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

const listQuery = z.strictObject({ all: z.enum(['true', 'false']).optional() });
const tokenParams = z.looseObject({ id: z.string().min(1).max(64) });

/** Personal API tokens for automation; only a logged-in session may manage them. */
export function tokenRoutes(runtime: ProjectRuntime) {
  return async (app: FastifyInstance) => {
    app.post('/api/tokens', async (request) => {
      const principal = requireSessionPrincipal(request);
      const body = parseInput(createTokenSchema, request.body, 'token');
      const loaded = runtime.current().apps;
      const requested: string[] = [...body.apps];
      const unknown = requested.filter((name) => name !== '*' && !loaded.has(name));
      if (unknown.length) {
        const issues = unknown.map((name) => ({ path: `apps.${requested.indexOf(name)}`, message: `no app named '${name}'` }));
        throw new AppError('REQ_INVALID', `Invalid token: ${issues[0]!.path}: ${issues[0]!.message}.`, { issues });
      }
      const { token, secret } = await createApiToken(runtime.identity, principal, {
        name: body.name,
        scope: { apps: requested, access: body.access },
        expiresInDays: body.expiresInDays,
      });
      // The only time the secret is shown: only its hash is stored.
      return { token: publicToken(token), secret };
    });

    app.get('/api/tokens', async (request) => {
      const principal = requireSessionPrincipal(request);
      const { all } = parseInput(listQuery, request.query ?? {}, 'query string');
      if (all === 'true' && !isAdmin(principal)) throw new AppError('GOV_FORBIDDEN_ADMIN', 'Only admins may list the tokens of every user.');
      return { tokens: (await listApiTokens(runtime.identity, principal, all === 'true')).map(publicToken) };
    });

    app.delete('/api/tokens/:id', async (request) => {
      const principal = requireSessionPrincipal(request);
      const { id } = parseInput(tokenParams, request.params, 'path');
      return { token: publicToken(await revokeApiToken(runtime.identity, principal, id, isAdmin(principal))) };
    });
  };
}
