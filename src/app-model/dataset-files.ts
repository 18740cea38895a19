import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { AppConfig } from './app-schema.js';
import type { ConfigIssue } from './config-issues.js';
import type { YamlFile } from './read-yaml-file.js';

/**
 * Reads the statements of datasets kept in `.sql` files (`file:`, relative to
 * the app file's folder) into their `sql`, so everything after loading sees
 * one statement per dataset. A missing, empty or escaping file is an issue at
 * the dataset's `file` line.
 */
export function readDatasetFiles(config: AppConfig, yaml: YamlFile, appsDir: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, dataset] of Object.entries(config.datasets)) {
    if (dataset.file === undefined) continue;
    const at = (message: string) => issues.push(yaml.issue(['datasets', name, 'file'], message));
    const path = join(appsDir, dataset.file);
    if (!existsSync(path)) {
      at(`file not found: ${dataset.file} (paths are relative to the app file's folder)`);
      continue;
    }
    const inside = relative(realpathSync(appsDir), realpathSync(path));
    if (inside.startsWith(`..${sep}`) || inside === '..') {
      at(`${dataset.file} is outside the apps folder; keep dataset files next to the app`);
      continue;
    }
    const sql = readFileSync(path, 'utf8').trim();
    if (!sql) at(`${dataset.file} is empty; write the SELECT statement in it`);
    else dataset.sql = sql;
  }
  return issues;
}
