import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  applyDefinitionEdits,
  checkAppDefinition,
  isEditablePath,
  type AppConfig,
  type ConfigIssue,
  type DefinitionEdit,
  type ResolvedApp,
} from '../app-model/index.js';
import { diffLines, formatLineDiff } from '../app-model/line-diff.js';
import { AppError } from '../errors/index.js';
import { buildRoute } from '../workflows/build-route.js';
import type { ProjectRuntime } from './open-project.js';
import { unapprovableLevels } from './unapprovable-levels.js';

/** An app file as the definition editor reads it. */
export interface AppDefinitionFile {
  /** Path relative to the project folder. */
  file: string;
  text: string;
  /** sha256 of `text`; a save must send it back as `baseHash`. */
  hash: string;
}

export interface DefinitionPreview {
  /** True when the new text passes every check loading the files makes. */
  ok: boolean;
  /** What those checks report, each with the line of the new text. */
  issues: ConfigIssue[];
  /** The file text after the edits. */
  yaml: string;
  /** Changed lines with context, `@@ -old +new @@` hunks. */
  diff: string;
  /** Where a submission of the sample amount would go, before and after the edits. */
  routing?: { table: string; amount: number; route: string[]; before: string[] };
}

export interface DefinitionSample {
  /** The table whose approval chain routes the sample (default: the first edited table). */
  table?: string;
  /** The submission's amount. */
  amount: number;
}

export const hashText = (text: string) => createHash('sha256').update(text).digest('hex');

/** The file of a project app; built-in apps have none and cannot be edited. */
export function readAppDefinition(runtime: ProjectRuntime, appName: string): AppDefinitionFile {
  const app = runtime.current().apps.get(appName);
  if (!app) throw new AppError('APP_NOT_FOUND', `No app '${appName}' is loaded.`);
  if (!app.file.startsWith('apps/')) throw new AppError('APP_NOT_FOUND', `App '${appName}' is built in and has no definition file to edit.`);
  const text = readFileSync(join(runtime.dir, app.file), 'utf8');
  return { file: app.file, text, hash: hashText(text) };
}

/** What the editor may change: per table its approval chain, rules and write policies; per action its roles and steps. */
export function editableParts(config: AppConfig) {
  return {
    tables: Object.fromEntries(
      Object.entries(config.tables).map(([name, table]) => [
        name,
        { columns: table.columns ?? null, approvals: table.approvals ?? null, rules: table.rules, write: table.write },
      ]),
    ),
    actions: Object.fromEntries(Object.entries(config.actions ?? {}).map(([name, action]) => [name, { roles: action.roles, steps: action.steps }])),
  };
}

/** The effect of edits on an app file: new text, diff, issues and a sample routing. Writes nothing. */
export async function previewAppDefinition(
  runtime: ProjectRuntime,
  appName: string,
  edits: readonly DefinitionEdit[],
  sample?: DefinitionSample,
): Promise<DefinitionPreview> {
  return (await evaluateEdits(runtime, appName, edits, sample)).preview;
}

/**
 * Saves edits to an app file: checks that the file is still the one the editor
 * read (`baseHash`), validates like loading does, replaces the file atomically
 * and reloads, auditing the change as made by `username`.
 */
export function saveAppDefinition(
  runtime: ProjectRuntime,
  appName: string,
  edits: readonly DefinitionEdit[],
  baseHash: string,
  username: string,
): Promise<DefinitionPreview & { hash: string }> {
  // One save at a time: the hash check and the write must not interleave with another save.
  const run = (saving.get(runtime) ?? Promise.resolve()).then(async () => {
    const { file, preview, contradictory } = await evaluateEdits(runtime, appName, edits, undefined, baseHash);
    if (contradictory) {
      const first = preview.issues[0]!;
      throw new AppError('CFG_EDIT_CONTRADICTORY', `The edits contradict themselves; nothing was saved. ${first.path}: ${first.message}`, {
        issues: preview.issues,
      });
    }
    if (!preview.ok) throw new AppError('CFG_EDIT_INVALID', `The edits would make ${file.file} invalid.`, { issues: preview.issues });
    const absolute = join(runtime.dir, file.file);
    const temporary = `${absolute}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, preview.yaml, 'utf8');
    renameSync(temporary, absolute);
    try {
      await runtime.reload(username);
    } catch (error) {
      // Another file may be broken meanwhile: put this one back so that the running definitions and the files agree.
      writeFileSync(temporary, file.text, 'utf8');
      renameSync(temporary, absolute);
      throw error;
    }
    return { ...preview, hash: hashText(preview.yaml) };
  });
  saving.set(
    runtime,
    run.catch(() => undefined),
  );
  return run;
}

/** The last save of each project; the next one waits for it. */
const saving = new WeakMap<ProjectRuntime, Promise<unknown>>();

async function evaluateEdits(runtime: ProjectRuntime, appName: string, edits: readonly DefinitionEdit[], sample?: DefinitionSample, baseHash?: string) {
  const forbidden = edits.find((edit) => !isEditablePath(edit.path));
  if (forbidden) {
    throw new AppError(
      'REQ_INVALID',
      `The editor may not change '${forbidden.path.join('.')}': only tables.<name>.approvals, tables.<name>.rules, the columns and roles of tables.<name>.write[i], and actions.<name>.roles and .steps.`,
      {
        issues: [{ path: forbidden.path.join('.'), message: 'not editable here' }],
      },
    );
  }
  const file = readAppDefinition(runtime, appName);
  if (baseHash !== undefined && baseHash !== file.hash) {
    throw new AppError('CFG_EDIT_CONFLICT', `${file.file} changed since it was read; reload it and edit again.`, { currentHash: file.hash });
  }
  const project = runtime.current();
  const text = applyDefinitionEdits(file.text, edits);
  const checked = checkAppDefinition(
    appName,
    file.file,
    text,
    project.config,
    await runtime.warehouse.introspect(),
    runtime.warehouse.dialect,
    dirname(join(runtime.dir, file.file)),
  );
  const contradictions = checked.ok
    ? [...checked.contradictions, ...(await unapprovableLevels(checked.config, checked.yaml, runtime.identity.system, Boolean(project.config.identity?.oidc)))]
    : [];
  const issues = checked.ok ? contradictions : checked.issues;
  const contradictory = contradictions.length > 0;
  const preview: DefinitionPreview = { ok: issues.length === 0, issues, yaml: text, diff: formatLineDiff(diffLines(file.text, text)) };
  const table = sample?.table ?? edits.map((e) => e.path[1]).find((t): t is string => typeof t === 'string');
  if (sample && table && checked.ok && !contradictory)
    preview.routing = {
      table,
      amount: sample.amount,
      route: routeOf(checked.app, table, sample.amount),
      before: routeOf(project.apps.get(appName), table, sample.amount),
    };
  return { file, preview, contradictory };
}

function routeOf(app: ResolvedApp | undefined, table: string, amount: number): string[] {
  const approvals = app?.tables.get(table)?.approvals;
  return approvals ? buildRoute(approvals, { amount, user: {}, changes: [] }).map((level) => level.name) : [];
}
