import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { runAction, type WorkflowContext } from '../../workflows/index.js';
import { parseInput } from '../parse-input.js';
import { resolveRequestApp } from './app-routes.js';
import { declaredParams, ownParams, withLockedParams } from '../../embedding/locked-params.js';
import { matchingKeys } from '../../workflows/selection-matching.js';

export const actionRunBodySchema = z
  .strictObject({
    params: z
      .record(z.string().max(128), z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]))
      .default({})
      .describe("Values of the action's declared parameters."),
    selection: z
      .array(z.record(z.string().max(128), z.union([z.string().max(10_000), z.number(), z.boolean()])))
      .max(10_000)
      .optional()
      .describe("Keys of the selected rows, for an action with a selection: each names every key column of the selection's table."),
    matching: z
      .strictObject({
        dataset: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names are letters, digits and _'),
        params: z.record(z.string().max(128), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])).default({}),
      })
      .optional()
      .describe("Instead of selection: every row the dataset shows with these parameters (at most the action's max), read as the user."),
  })
  .refine((b) => !(b.selection && b.matching), { message: 'send selection or matching, not both', path: ['matching'] });
const actionParams = z.looseObject({ action: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names are letters, digits and _') });

/** Runs an app's action blocks; shares the workflow context (webhook sender) of the approval routes. */
export function registerActionRoutes(app: FastifyInstance, runtime: ProjectRuntime, context: WorkflowContext): void {
  app.post('/api/apps/:app/actions/:action/run', async (request) => {
    const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
    const { action } = parseInput(actionParams, request.params, 'path');
    const body = parseInput(actionRunBodySchema, request.body ?? {}, 'action run');
    // A failing step's native cause (a statement's error, a bug) is logged by the error handler with the request id.
    const params = withLockedParams(principal, body.params, ownParams(resolved.config.actions, action));
    const selection = body.matching
      ? await matchingKeys(
          context,
          resolved,
          action,
          principal,
          { dataset: body.matching.dataset, params: withLockedParams(principal, body.matching.params, declaredParams(resolved, body.matching.dataset)) },
          runtime.identityFor(principal),
        )
      : body.selection;
    return runAction(context, resolved, action, principal, params, selection);
  });
}
