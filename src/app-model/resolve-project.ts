import type { Catalog } from '../warehouse/catalog.js';
import type { Dialect } from '../warehouse/dialect.js';
import { configError, type ConfigIssue } from './config-issues.js';
import type { LoadedProject } from './load-project.js';
import { resolveApp } from './resolve-app.js';
import type { ResolvedApp, ResolvedProject } from './resolved-types.js';

/** Checks every app against the catalogue; throws `CFG_CATALOG_MISMATCH` listing every problem. */
export function resolveProject(project: LoadedProject, catalog: Catalog, dialect: Dialect): ResolvedProject {
  const issues: ConfigIssue[] = [];
  const apps = new Map<string, ResolvedApp>();
  for (const [name, loaded] of project.apps) {
    const result = resolveApp(loaded, catalog, dialect);
    issues.push(...result.issues);
    apps.set(name, result.app);
  }
  if (issues.length) throw configError(issues, 'CFG_CATALOG_MISMATCH');
  return { dir: project.dir, config: project.config, apps };
}
