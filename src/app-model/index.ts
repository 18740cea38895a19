export type {
  ActionConfig,
  ActionStepConfig,
  SimpleActionStepConfig,
  AppConfig,
  ApprovalsConfig,
  BlockConfig,
  DatasetConfig,
  NotificationsConfig,
  PageConfig,
  RuleConfig,
  WebhookEvent,
  WritableTableConfig,
} from './app-schema.js';
export { ESCALATION_LEVEL } from './check-app.js';
export { appSchema } from './app-schema.js';
export { configError, formatConfigIssue, type ConfigIssue } from './config-issues.js';
export { compileToSql } from './expression/compile-to-sql.js';
export type { Expression } from './expression/parse-expression.js';
export { builtInApp, loadProject, PROJECT_FILE, type LoadedApp, type LoadedProject } from './load-project.js';
export {
  projectSchema,
  type IdentityConfig,
  type ProjectConfig,
  type SmtpConfig,
  type SystemStoreConfig,
  type UserConfig,
  type WarehouseProjectConfig,
} from './project-schema.js';
export { ownEntry } from './own-entry.js';
export { resolveProject } from './resolve-project.js';
export type * from './resolved-types.js';
export { buildJsonSchemas } from './json-schemas.js';
export { applyDefinitionEdits, checkAppDefinition, isEditablePath, type DefinitionCheck, type DefinitionEdit } from './edit-app-file.js';
