import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResolvedApp } from '../../app-model/index.js';
import { type AddressValueType, valueFromAddress } from '../../app-model/address-values.js';
import { formatMeasure } from '../../app-model/measure-format.js';
import { declaredParams, lockedParamsOf, withLockedParams } from '../../embedding/locked-params.js';
import { findSessionPrincipal } from '../../governance/identity/local-users.js';
import { canOpenApp, type Principal } from '../../governance/principal.js';
import { queryRequestSchema, runDataset, type DatasetResult } from '../../query/index.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { SESSION_COOKIE } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';
import { describeApp, resolveRequestApp } from './app-routes.js';
import { publicUser, warehouseSignInOf } from './auth-routes.js';

const firstViewQuery = z.strictObject({
  page: z.string().max(128).optional(),
  params: z.string().max(2048).optional().describe("The page's filter values as its address holds them, e.g. `entity=E03`."),
});

/** What a KPI block asks for: its dataset's first row, with the page's opening parameters. */
const KPI_REQUEST = { limit: 1 } as const;

export interface FirstViewDataset {
  dataset: string;
  /** The request exactly as the page sends it when it opens (`limit`, `params`): the page uses the result only for that request. */
  request: { limit: number; params?: Record<string, unknown> };
  result: DatasetResult;
}

/**
 * One request that opens a page: who the viewer is, the app definition as
 * they may see it, and the results of the page's KPI datasets with the page's
 * opening parameters, run in parallel under the viewer's read policies. The
 * page's early script asks for it before the app's code has loaded, so the
 * numbers people open a dashboard for are on screen while the rest loads.
 */
export function firstViewRoutes(runtime: ProjectRuntime) {
  return async (app: FastifyInstance) => {
    app.get('/api/apps/:app/first-view', async (request, reply) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const { page, params } = parseInput(firstViewQuery, request.query ?? {}, 'query string');
      const started = performance.now();
      const address = Object.fromEntries(new URLSearchParams(params ?? ''));
      const view = await buildFirstView(runtime, resolved, principal, page, request.session?.csrfToken ?? null, address);
      // How long the page's KPI queries took on the server, for the browser's developer tools and resource timing.
      void reply.header('server-timing', `kpis;desc="KPI datasets";dur=${(performance.now() - started).toFixed(1)}`);
      return { ...view, ...(await warehouseSignInOf(runtime, request.session)) };
    });
  };
}

/**
 * Page addresses to share (`/apps/<app>` and `/apps/<app>/<page>`: bookmarks, links in mails and
 * chats). The server knows the page, so for a signed-in user the page-opening answer travels
 * inside the page, as on an embedded page, computed while the browser starts the page: no request
 * waits for the document. Anyone else (signed out, no such app, an app they may not open, an
 * embedded viewer, a warehouse that runs as each user's own token) gets the plain page, which asks
 * the API and hears what it answers. The app then shows the page as `#/<app>/<page>`. The page's
 * filter values in the address (`?entity=E03`) are the ones it opens with, KPI results included.
 */
export function appPageRoutes(runtime: ProjectRuntime, sendIndex: (reply: FastifyReply, firstView?: Promise<unknown>) => FastifyReply) {
  return async (app: FastifyInstance) => {
    const page = async (request: FastifyRequest, reply: FastifyReply) =>
      sendIndex(
        reply,
        openingAnswer(runtime, request).catch(() => undefined),
      );
    app.get('/apps/:app', page);
    app.get('/apps/:app/:page', page);
  };
}

async function openingAnswer(runtime: ProjectRuntime, request: FastifyRequest): Promise<unknown> {
  const id = request.cookies[SESSION_COOKIE];
  if (!id || runtime.usesUserTokens()) return undefined;
  const found = await findSessionPrincipal(runtime.sessions, id);
  const principal = found?.principal;
  if (!found || !principal || principal.apps !== undefined) return undefined;
  const { app: name, page } = request.params as { app: string; page?: string };
  const app = runtime.current().apps.get(name);
  if (!app || !canOpenApp(principal, app)) return undefined;
  // The page's filter values in the address (`?entity=E03`): the page opens with them.
  const address = Object.fromEntries(
    Object.entries((request.query as Record<string, unknown> | undefined) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return buildFirstView(runtime, app, principal, page, found.session.csrfToken, address);
}

/** The answer of the page-opening request, for an app the principal may open. */
export async function buildFirstView(
  runtime: ProjectRuntime,
  app: ResolvedApp,
  principal: Principal,
  pageId: string | undefined,
  csrfToken: string | null,
  address: Readonly<Record<string, string>> = {},
) {
  const pages = app.config.pages;
  const page = pages.find((p) => p.id === pageId) ?? pages[0];
  const datasets = page ? await kpiDatasets(runtime, app, principal, page.blocks, address) : [];
  return {
    user: publicUser(principal),
    csrfToken,
    app: describeApp(app, principal),
    page: page?.id ?? null,
    datasets,
    kpis: page ? kpiTexts(page.blocks, datasets) : [],
  };
}

/**
 * Each KPI of the page whose dataset answered, with its value as the page formats it: the early
 * view shows the text as it is, with no formatting code of its own.
 */
function kpiTexts(blocks: readonly Block[], datasets: readonly FirstViewDataset[]) {
  return blocks.flatMap((block) => {
    if (block.type !== 'kpi') return [];
    const row = datasets.find((d) => d.dataset === block.dataset)?.result.rows[0];
    if (!row) return [];
    const value = row[block.value] ?? null;
    const { format, currency, unit, decimals, compact } = block;
    return [{ block: block.id, value, text: formatMeasure(value, { format, currency, unit, decimals, compact }) }];
  });
}

type Block = ResolvedApp['config']['pages'][number]['blocks'][number];

async function kpiDatasets(
  runtime: ProjectRuntime,
  app: ResolvedApp,
  principal: Principal,
  blocks: readonly Block[],
  address: Readonly<Record<string, string>>,
): Promise<FirstViewDataset[]> {
  const variables = openingVariables(app, principal, blocks, address);
  const names = [...new Set(blocks.flatMap((b) => (b.type === 'kpi' ? [b.dataset] : [])))].filter((name) => app.datasets.has(name));
  const { audit } = runtime.current().config;
  const settled = await Promise.allSettled(
    names.map(async (dataset): Promise<FirstViewDataset> => {
      const declared = declaredParams(app, dataset);
      const params = Object.fromEntries(Object.keys(declared).flatMap((name) => (Object.hasOwn(variables, name) ? [[name, variables[name]]] : [])));
      const request = { ...KPI_REQUEST, ...(Object.keys(params).length ? { params } : {}) };
      const parsed = queryRequestSchema.parse(request);
      const body = { ...parsed, params: withLockedParams(principal, parsed.params, declared) };
      const result = await runDataset(runtime.warehouse, app, dataset, principal, body, runtime.identityFor(principal), audit.schema);
      return { dataset, request, result };
    }),
  );
  // A dataset that fails is left out: the page asks for it itself and shows the error where the block is.
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}

/**
 * The page's variables when it opens, as the app sets them: each filter's default (or none), then
 * the filter values its address holds (read as the app reads them; other names are ignored), then
 * the embedded viewer's locked parameters.
 */
function openingVariables(
  app: ResolvedApp,
  principal: Principal,
  blocks: readonly Block[],
  address: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const block of blocks) {
    if (block.type !== 'filter') continue;
    variables[block.param] = block.default ?? null;
    if (!Object.hasOwn(address, block.param)) continue;
    const value = valueFromAddress(address[block.param]!, declaredType(app, block.param));
    if (value !== undefined) variables[block.param] = value;
  }
  return { ...variables, ...lockedParamsOf(principal) };
}

/** The type the app's datasets declare for a parameter (string when none declares it). */
function declaredType(app: ResolvedApp, param: string): AddressValueType {
  for (const dataset of app.datasets.values()) {
    const declared = dataset.config.params?.[param] as { type?: AddressValueType } | undefined;
    if (declared?.type) return declared.type;
  }
  return 'string';
}
