import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { appSchema, type AppConfig } from './app-schema.js';
import { checkApp } from './check-app.js';
import { readDatasetFiles } from './dataset-files.js';
import { configError, type ConfigIssue } from './config-issues.js';
import { projectSchema, type ProjectConfig } from './project-schema.js';
import { readYamlFile, validateYaml, type YamlFile } from './read-yaml-file.js';

export interface LoadedApp {
  name: string;
  /** Path relative to the project folder, for messages. */
  file: string;
  config: AppConfig;
  yaml: YamlFile;
}

export interface LoadedProject {
  dir: string;
  config: ProjectConfig;
  apps: Map<string, LoadedApp>;
}

export const PROJECT_FILE = 'roundtrip.yaml';
const APP_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Reads and validates the project file and every `apps/*.yaml`. Throws one
 * `CFG_INVALID` error listing every problem in every file (file, line, fix).
 */
export function loadProject(dir: string): LoadedProject {
  const issues: ConfigIssue[] = [];
  const projectRead = readYamlFile(join(dir, PROJECT_FILE), PROJECT_FILE);
  let config: ProjectConfig | undefined;
  if (!projectRead.ok) issues.push(...projectRead.issues);
  else {
    const validated = validateYaml(projectRead.yaml, projectSchema);
    if (validated.ok) {
      config = validated.value;
      issues.push(...checkUsers(config, projectRead.yaml), ...checkUserTokens(config, projectRead.yaml));
    } else issues.push(...validated.issues);
  }

  const apps = new Map<string, LoadedApp>();
  const appsDir = join(dir, 'apps');
  const files = existsSync(appsDir)
    ? readdirSync(appsDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  for (const fileName of files) {
    const file = `apps/${fileName}`;
    const name = basename(fileName).replace(/\.ya?ml$/, '');
    if (!APP_NAME.test(name)) {
      issues.push({ file, line: null, path: '', message: 'app file names must be lower-case letters, digits and - (the name is the app id)' });
      continue;
    }
    const read = readYamlFile(join(appsDir, fileName), file);
    if (!read.ok) {
      issues.push(...read.issues);
      continue;
    }
    const validated = validateYaml(read.yaml, appSchema);
    if (!validated.ok) {
      issues.push(...validated.issues);
      continue;
    }
    const app: LoadedApp = { name, file, config: validated.value, yaml: read.yaml };
    const fileIssues = readDatasetFiles(app.config, read.yaml, appsDir, config?.warehouse.type);
    issues.push(...fileIssues);
    if (config && !fileIssues.length) issues.push(...checkApp(app, config));
    apps.set(name, app);
  }
  if (issues.length || !config) throw configError(issues);
  return { dir, config, apps };
}

/** An app defined in code; it has no file, so its issues carry no line. */
export function builtInApp(name: string, config: AppConfig): LoadedApp {
  const file = `(built-in) ${name}`;
  return { name, file, config, yaml: { file, data: config, issue: (path, message) => ({ file, line: null, path: path.join('.'), message }) } };
}

/** Statements run with each user's single sign-on token need the single sign-on. */
function checkUserTokens(config: ProjectConfig, yaml: YamlFile): ConfigIssue[] {
  const { warehouse } = config;
  if (!('identity' in warehouse) || warehouse.identity.mode !== 'user-token' || config.identity?.oidc) return [];
  return [
    yaml.issue(
      ['warehouse', 'identity', 'mode'],
      "user-token runs statements with each user's single sign-on token: configure identity.oidc (the warehouse's own OAuth provider), or use mode service",
    ),
  ];
}

function checkUsers(config: ProjectConfig, yaml: YamlFile): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  config.users.forEach((user, i) => {
    if (seen.has(user.username)) issues.push(yaml.issue(['users', i, 'username'], `duplicate username '${user.username}'`));
    seen.add(user.username);
    user.roles.forEach((role, j) => {
      if (!Object.hasOwn(config.roles, role)) issues.push(yaml.issue(['users', i, 'roles', j], `unknown role '${role}'; declare it under roles`));
    });
  });
  return issues;
}
