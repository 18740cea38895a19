import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { AppConfig } from './app-schema.js';
import type { ConfigIssue } from './config-issues.js';
import type { YamlFile } from './read-yaml-file.js';

/**
 * Reads the statements kept in `.sql` files (`file:` of a dataset or a table's
 * gate, relative to the app file's folder) into their `sql`, so everything
 * after loading sees one statement each. Where the project's warehouse
 * `engine` has its own spelling of a statement, it sits beside the file as
 * `name.<engine>.sql` (e.g. `totals.sqlserver.sql` next to `totals.sql`) and
 * is read instead. A missing, empty or escaping file is an issue at its
 * `file` line.
 */
export function readDatasetFiles(config: AppConfig, yaml: YamlFile, appsDir: string, engine?: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const read = (holder: { file?: string; sql: string }, path: (string | number)[]) => {
    if (holder.file === undefined) return;
    const at = (message: string) => issues.push(yaml.issue(path, message));
    const variant = engine ? join(appsDir, holder.file.replace(/\.sql$/, `.${engine}.sql`)) : undefined;
    const file = variant && existsSync(variant) ? variant : join(appsDir, holder.file);
    if (!existsSync(file)) return at(`file not found: ${holder.file} (paths are relative to the app file's folder)`);
    const inside = relative(realpathSync(appsDir), realpathSync(file));
    if (inside.startsWith(`..${sep}`) || inside === '..') return at(`${holder.file} is outside the apps folder; keep SQL files next to the app`);
    const sql = readFileSync(file, 'utf8').trim();
    if (!sql) at(`${holder.file} is empty; write the SELECT statement in it`);
    else holder.sql = sql;
  };
  for (const [name, dataset] of Object.entries(config.datasets)) read(dataset, ['datasets', name, 'file']);
  for (const [name, table] of Object.entries(config.tables ?? {})) table.gates.forEach((gate, i) => read(gate, ['tables', name, 'gates', i, 'file']));
  return issues;
}
