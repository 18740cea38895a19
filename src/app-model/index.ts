export type { AppConfig, BlockConfig, DatasetConfig, PageConfig, RuleConfig, WritableTableConfig } from './app-schema.js';
export { appSchema } from './app-schema.js';
export { configError, formatConfigIssue, type ConfigIssue } from './config-issues.js';
export { compileToSql } from './expression/compile-to-sql.js';
export type { Expression } from './expression/parse-expression.js';
export { loadProject, PROJECT_FILE, type LoadedApp, type LoadedProject } from './load-project.js';
export { projectSchema, type ProjectConfig, type UserConfig } from './project-schema.js';
export { resolveProject } from './resolve-project.js';
export type * from './resolved-types.js';
