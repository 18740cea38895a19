import type { AppConfig } from './app-schema.js';

type At = (path: (string | number)[], message: string) => void;

/**
 * Cross-references of an app's exports the schema alone cannot check:
 * datasets, their parameters, export parameters and roles. Whether each
 * template has the names its fills target is checked when the template is
 * read (exports/check-templates.ts).
 */
export function checkExports(config: AppConfig, at: At, checkRoles: (roles: string[], path: (string | number)[]) => void): void {
  for (const [name, spec] of Object.entries(config.exports)) {
    const path = ['exports', name];
    checkRoles(spec.roles, [...path, 'roles']);
    const exportParam = (value: unknown, where: (string | number)[]) => {
      if (typeof value === 'string' && value.startsWith(':') && !Object.hasOwn(spec.params, value.slice(1))) {
        at(where, `'${value}' names no parameter of this export; declare ${value.slice(1)} under params`);
      }
    };
    spec.fills.forEach((fill, i) => {
      const fillPath = [...path, 'fills', i];
      if (fill.dataset === undefined) {
        exportParam(fill.value, [...fillPath, 'value']);
        return;
      }
      const dataset = Object.hasOwn(config.datasets, fill.dataset) ? config.datasets[fill.dataset] : undefined;
      if (!dataset && !Object.hasOwn(config.tables, fill.dataset)) {
        at([...fillPath, 'dataset'], `'${fill.dataset}' is not a dataset or writable table of this app`);
        return;
      }
      for (const [param, value] of Object.entries(fill.params)) {
        if (dataset && !Object.hasOwn(dataset.params, param)) at([...fillPath, 'params', param], `dataset ${fill.dataset} has no parameter ${param}`);
        exportParam(value, [...fillPath, 'params', param]);
      }
      if (fill.column && fill.columns) at([...fillPath, 'column'], 'give column (one value) or columns (rows), not both');
    });
    if (spec.pack) {
      if (!Object.hasOwn(spec.params, spec.pack.param)) at([...path, 'pack', 'param'], `'${spec.pack.param}' is not a parameter of this export`);
      if (!Object.hasOwn(config.datasets, spec.pack.dataset) && !Object.hasOwn(config.tables, spec.pack.dataset)) {
        at([...path, 'pack', 'dataset'], `'${spec.pack.dataset}' is not a dataset or writable table of this app`);
      }
    }
  }
}
