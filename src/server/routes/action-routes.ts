import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { runAction, type WorkflowContext } from '../../workflows/index.js';
import { parseInput } from '../parse-input.js';
import { resolveRequestApp } from './app-routes.js';
import { ownParams, withLockedParams } from '../../embedding/locked-params.js';

export const actionRunBodySchema = z.strictObject({
  params: z
    .record(z.string().max(128), z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]))
    .default({})
    .describe("Values of the action's declared parameters."),
});
const actionParams = z.looseObject({ action: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names are letters, digits and _') });

/** Runs an app's action blocks; shares the workflow context (webhook sender) of the approval routes. */
export function registerActionRoutes(app: FastifyInstance, runtime: ProjectRuntime, context: WorkflowContext): void {
  app.post('/api/apps/:app/actions/:action/run', async (request) => {
    const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
    const { action } = parseInput(actionParams, request.params, 'path');
    const body = parseInput(actionRunBodySchema, request.body ?? {}, 'action run');
    // A failing step's native cause (a statement's error, a bug) is logged by the error handler with the request id.
    return runAction(context, resolved, action, principal, withLockedParams(principal, body.params, ownParams(resolved.config.actions, action)));
  });
}
