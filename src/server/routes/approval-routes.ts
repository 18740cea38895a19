import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { isAppInScope } from '../../governance/identity/token-scope.js';
import { fetchUser } from '../../governance/identity/user-store.js';
import type { ChangeBus } from '../../live/change-bus.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { resolveSmtp } from '../../runtime/resolve-smtp.js';
import {
  approveRequest,
  assertMayViewRequest,
  availableActions,
  bulkApprove,
  clearDelegation,
  createWorkflowContext,
  describeRequest,
  fetchDelegations,
  fetchRequestOrFail,
  listRequests,
  rejectRequest,
  setDelegation,
  submitRequest,
  summarizeRequest,
  sweepApprovals,
  withdrawRequest,
  type RequestGuard,
} from '../../workflows/index.js';
import { changesetRequestSchema } from '../../writeback/changeset-schema.js';
import { isAdmin, requireAdmin, requirePrincipal, requireSessionPrincipal } from '../auth-plugin.js';
import { publicDetails } from '../error-handler.js';
import { parseInput } from '../parse-input.js';
import { registerActionRoutes } from './action-routes.js';
import { registerImportRoutes } from './import-routes.js';
import { resolveRequestApp, resolveRequestTable } from './app-routes.js';

const requestId = z.string().regex(/^[0-9a-f-]{36}$/, 'an approval request id');
const comment = z.string().max(2000).optional();
const STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'conflict', 'expired', 'applied'] as const;

export const submissionBodySchema = z.strictObject({
  changes: changesetRequestSchema.shape.changes,
  reason: changesetRequestSchema.shape.reason,
  resubmits: requestId.optional().describe('A rejected, withdrawn, conflicting or expired request of yours that this one replaces.'),
});
export const approveBodySchema = z.strictObject({ comment });
export const rejectBodySchema = z.strictObject({ reason: z.string().trim().min(1, 'give a reason for the rejection').max(2000) });
export const withdrawBodySchema = z.strictObject({ comment });
export const bulkApproveBodySchema = z.strictObject({ ids: z.array(requestId).min(1).max(200), comment });
export const delegationBodySchema = z.strictObject({
  delegate: z.string().min(1).max(200).describe('Username who may approve for you meanwhile.'),
  until: z.iso.datetime({ offset: true }).describe('When the delegation ends (ISO 8601).'),
});
const listQuery = z.strictObject({
  view: z.enum(['inbox', 'mine', 'all']).default('inbox'),
  app: z.string().max(200).optional(),
  table: z.string().max(200).optional(),
  status: z.enum(STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const idParams = z.looseObject({ id: requestId });

const SWEEP_EVERY_MS = 60_000;

/** Submissions, the approval inbox and actions, delegation; runs the expiry sweep every minute. */
export function approvalRoutes(runtime: ProjectRuntime, bus: ChangeBus) {
  return async (app: FastifyInstance) => {
    const context = await createWorkflowContext({
      warehouse: runtime.warehouse,
      system: runtime.system,
      project: () => runtime.current(),
      identityFor: (principal) => runtime.identityFor(principal),
      publish: (event) => bus.publish(event),
      onError: (message) => app.log.warn(message),
      smtp: () => {
        const smtp = runtime.current().config.smtp;
        return smtp && resolveSmtp(smtp);
      },
    });
    let sweeping = false;
    const timer = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      sweepApprovals(context)
        .then((report) => report.failed.forEach((f) => app.log.warn({ requestId: f.requestId }, `approval sweep: ${f.message}`)))
        .catch((error: unknown) => app.log.error({ err: error }, 'approval sweep failed'))
        .finally(() => (sweeping = false));
    }, SWEEP_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await context.close();
    });

    /** An API token acts only on requests of the apps in its scope. */
    const tokenGuard =
      (request: FastifyRequest): RequestGuard =>
      (found) => {
        if (request.apiToken && !isAppInScope(request.apiToken.scope, found.app)) {
          throw new AppError('AUTH_TOKEN_SCOPE', `This API token is not valid for app '${found.app}'.`, { app: found.app });
        }
      };
    const id = (request: FastifyRequest) => parseInput(idParams, request.params, 'path').id;
    registerActionRoutes(app, runtime, context);
    registerImportRoutes(app, runtime, context);

    app.post('/api/apps/:app/tables/:table/submissions', async (request, reply) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const table = resolveRequestTable(resolved, request.params);
      const body = parseInput(submissionBodySchema, request.body, 'submission');
      const submitted = await submitRequest(context, resolved, table, principal, body);
      return reply.code(submitted.status === 'applied' ? 200 : 202).send(submitted);
    });

    app.get('/api/approvals', async (request) => {
      const principal = requirePrincipal(request);
      const query = parseInput(listQuery, request.query, 'query string');
      if (query.view === 'all') requireAdmin(request);
      const token = request.apiToken;
      const requests = await listRequests(context, principal, {
        ...query,
        isAdmin: isAdmin(principal),
        visible: (r) => !token || isAppInScope(token.scope, r.app),
      });
      return { requests };
    });

    app.get('/api/approvals/delegation', async (request) => {
      const principal = requirePrincipal(request);
      return fetchDelegations(runtime.system, principal.username);
    });

    app.put('/api/approvals/delegation', async (request) => {
      const principal = requireSessionPrincipal(request);
      const body = parseInput(delegationBodySchema, request.body, 'delegation');
      return { delegation: await setDelegation(runtime.system, principal.username, body.delegate, new Date(body.until)) };
    });

    app.delete('/api/approvals/delegation', async (request) => {
      const principal = requireSessionPrincipal(request);
      return { ok: true, ended: await clearDelegation(runtime.system, principal.username) };
    });

    app.post('/api/approvals/bulk-approve', async (request) => {
      const principal = requirePrincipal(request);
      const body = parseInput(bulkApproveBodySchema, request.body, 'bulk approval');
      const detailsOf = (error: AppError) => publicDetails(error, request);
      return { results: await bulkApprove(context, body.ids, principal, body.comment ?? null, { guard: tokenGuard(request), detailsOf }) };
    });

    app.get('/api/approvals/:id', async (request) => {
      const principal = requirePrincipal(request);
      const found = await fetchRequestOrFail(context, id(request));
      const { steps, delegators } = await assertMayViewRequest(context, found, principal, isAdmin(principal));
      tokenGuard(request)(found);
      const definedApp = runtime.current().apps.get(found.app);
      const table = definedApp?.tables.get(found.table);
      const viewer = { principal, identity: runtime.identityFor(principal) };
      const [described, submitter] = await Promise.all([
        describeRequest(runtime.warehouse, definedApp, table, found, steps, viewer),
        fetchUser(runtime.system, found.submittedBy),
      ]);
      return { ...described, submitterName: submitter?.displayName ?? found.submittedBy, actions: availableActions(found, steps, principal, delegators) };
    });

    app.post('/api/approvals/:id/approve', async (request) => {
      const body = parseInput(approveBodySchema, request.body ?? {}, 'approval');
      return summarizeRequest(await approveRequest(context, id(request), requirePrincipal(request), body.comment ?? null, { guard: tokenGuard(request) }));
    });

    app.post('/api/approvals/:id/reject', async (request) => {
      const body = parseInput(rejectBodySchema, request.body ?? {}, 'rejection');
      return summarizeRequest(await rejectRequest(context, id(request), requirePrincipal(request), body.reason, { guard: tokenGuard(request) }));
    });

    app.post('/api/approvals/:id/withdraw', async (request) => {
      const body = parseInput(withdrawBodySchema, request.body ?? {}, 'withdrawal');
      return summarizeRequest(await withdrawRequest(context, id(request), requirePrincipal(request), body.comment ?? null, { guard: tokenGuard(request) }));
    });
  };
}
