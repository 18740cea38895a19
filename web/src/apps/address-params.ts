import { addressText, valueFromAddress } from '../../../src/app-model/address-values';
import type { AppDetail, PageSpec, ParamType } from '../api/types';

// A page's filter values in its address (`#/budget/overview?entity=E03`, `/apps/budget/overview?entity=E03`),
// so a link opens the page as the person who shared it saw it. Only filters travel: values a
// filter does not own (a drill selection, an embedding's locked parameters) stay out of addresses.
// A value is text in the address, read as the server reads it (src/app-model/address-values.ts).

/** The type the app's datasets declare for a page variable (string when none declares it). */
export function paramType(datasets: AppDetail['datasets'], param: string): ParamType {
  for (const info of Object.values(datasets)) {
    const declared = info.params[param];
    if (declared) return declared.type;
  }
  return 'string';
}

/** The page's filter parameters and their defaults. */
export function filterDefaults(page: PageSpec): Map<string, unknown> {
  const defaults = new Map<string, unknown>();
  for (const block of page.blocks) if (block.type === 'filter') defaults.set(block.param, block.default ?? null);
  return defaults;
}

/** The filter values an address sets, typed as the page holds them; anything else in it is ignored. */
export function variablesFromAddress(app: AppDetail, page: PageSpec, params: Readonly<Record<string, string>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const param of filterDefaults(page).keys()) {
    if (!Object.hasOwn(params, param)) continue;
    const value = valueFromAddress(params[param]!, paramType(app.datasets, param));
    if (value !== undefined) values[param] = value;
  }
  return values;
}

/** The filter values that differ from the page's defaults, as an address spells them. */
export function addressOf(page: PageSpec, variables: Readonly<Record<string, unknown>>, locked: Readonly<Record<string, unknown>>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [param, fallback] of filterDefaults(page)) {
    if (Object.hasOwn(locked, param) || !Object.hasOwn(variables, param)) continue;
    const value = variables[param] ?? null;
    if (value !== fallback) params[param] = addressText(value);
  }
  return params;
}
