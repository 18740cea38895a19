import { AppError } from '../errors/index.js';
import type { ResolvedApp } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';

/** The parameters an embedded viewer's token fixed (e.g. `company`), or none. */
export function lockedParamsOf(principal: Principal): Record<string, unknown> {
  const params = (principal.attributes.embed as { params?: unknown } | undefined)?.params;
  return principal.apps !== undefined && params && typeof params === 'object' ? (params as Record<string, unknown>) : {};
}

/**
 * The request's parameters with the viewer's locked ones in force: a
 * parameter the target declares takes the locked value; asking for another
 * value is refused (`EMBED_SCOPE`), so no request reaches past the tenancy
 * the host signed, whatever the page sends.
 */
export function withLockedParams<T extends Record<string, unknown>>(principal: Principal, input: T, declared: Record<string, unknown>): T {
  const locked = lockedParamsOf(principal);
  const names = Object.keys(locked).filter((name) => Object.hasOwn(declared, name));
  if (!names.length) return input;
  const out: Record<string, unknown> = { ...input };
  for (const name of names) {
    if (Object.hasOwn(input, name) && input[name] !== null && JSON.stringify(input[name]) !== JSON.stringify(locked[name]))
      throw new AppError('EMBED_SCOPE', `This embedded view is fixed to ${name} = ${JSON.stringify(locked[name])}.`, { param: name });
    out[name] = locked[name];
  }
  return out as T;
}

/** The parameters a dataset of the app declares (none for a writable table read as a dataset). */
export function declaredParams(app: ResolvedApp, dataset: string): Record<string, unknown> {
  return app.datasets.get(dataset)?.config.params ?? {};
}

/** The parameters an export or action of that name declares (own entries only). */
export function ownParams(entries: Record<string, { params?: Record<string, unknown> }>, name: string): Record<string, unknown> {
  return (Object.hasOwn(entries, name) ? entries[name]!.params : undefined) ?? {};
}
