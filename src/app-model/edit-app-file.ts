import { isCollection, isScalar, isSeq, parseDocument, Scalar, stringify, type Document, type ToStringOptions } from 'yaml';
import { AppError } from '../errors/index.js';
import type { Catalog } from '../warehouse/catalog.js';
import type { Dialect } from '../warehouse/dialect.js';
import { appSchema, type AppConfig } from './app-schema.js';
import { checkApp } from './check-app.js';
import { checkContradictions } from './check-contradictions.js';
import type { ConfigIssue } from './config-issues.js';
import { diffLines } from './line-diff.js';
import type { LoadedApp } from './load-project.js';
import type { ProjectConfig } from './project-schema.js';
import { readDatasetFiles } from './dataset-files.js';
import { parseYamlText, validateYaml, type PathSegment, type YamlFile } from './read-yaml-file.js';
import { resolveApp } from './resolve-app.js';
import type { ResolvedApp } from './resolved-types.js';

/** One change of an app file: set the value at `path`, or remove it (`delete: true`). */
export interface DefinitionEdit {
  /** Keys and list indexes from the top of the file, e.g. `['tables', 'budget_lines', 'approvals', 'levels', 1, 'when']`. */
  path: PathSegment[];
  /** The new value (JSON); a missing map key or list item is added. */
  value?: unknown;
  /** Removes the key or list item at `path` instead. */
  delete?: boolean;
}

/**
 * Whether the definition editor may change `path`: approval chains, validation
 * rules, the columns and roles of write policies, and the roles and steps of
 * action blocks. Everything else stays a matter of the files, so an edit in the
 * UI cannot break unrelated parts.
 */
export function isEditablePath(path: readonly PathSegment[]): boolean {
  const [root, table, section, index, field] = path;
  if (root === 'actions') return typeof table === 'string' && (section === 'steps' || section === 'roles');
  if (root !== 'tables' || typeof table !== 'string' || path.length < 3) return false;
  if (section === 'approvals' || section === 'rules') return true;
  return section === 'write' && typeof index === 'number' && (field === 'columns' || field === 'roles');
}

const PLAIN: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false };
const PADDED: ToStringOptions = { lineWidth: 0, flowCollectionPadding: true };

/**
 * Applies edits to the text of an app file and returns the new text. Comments
 * and formatting are kept: a scalar (or a flow list of them) is replaced in
 * place in its own style; any other edit goes through the YAML document and only the lines it
 * changes are taken from the re-serialised document. Pure.
 */
export function applyDefinitionEdits(text: string, edits: readonly DefinitionEdit[]): string {
  let current = text;
  for (const edit of edits) {
    try {
      current = replaceInPlace(current, edit) ?? applyStructural(current, edit);
    } catch (error) {
      // e.g. a path that runs through a scalar: the request is wrong, not the file.
      throw new AppError('REQ_INVALID', `Cannot edit '${edit.path.join('.')}': ${(error as Error).message}`, {
        issues: [{ path: edit.path.join('.'), message: (error as Error).message }],
      });
    }
  }
  return current;
}

function replaceInPlace(text: string, edit: DefinitionEdit): string | undefined {
  if (edit.delete || edit.value === null || edit.value === undefined) return undefined;
  const node = parseDocument(text).getIn(edit.path, true);
  let rendered: string | undefined;
  if (isScalar(node) && isScalarValue(edit.value)) rendered = renderScalar(edit.value, node.type);
  else if (isSeq(node) && node.flow && Array.isArray(edit.value) && edit.value.every(isScalarValue)) {
    // A flow list of names, `[a, b]`, keeps its brackets and spacing.
    const items = edit.value.map((item) => renderScalar(item, Scalar.PLAIN));
    const padded = node.range ? /^\[\s/.test(text.slice(node.range[0], node.range[1])) : false;
    if (items.every((item) => item !== undefined)) rendered = items.length === 0 ? '[]' : padded ? `[ ${items.join(', ')} ]` : `[${items.join(', ')}]`;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return rendered === undefined || !range ? undefined : text.slice(0, range[0]) + rendered + text.slice(range[1]);
}

const isScalarValue = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

function renderScalar(value: string | number | boolean, type: Scalar['type']): string | undefined {
  if (typeof value !== 'string' || type === Scalar.PLAIN || type === undefined) {
    const plain = stringify(value, PLAIN).trimEnd();
    return plain.includes('\n') ? undefined : plain;
  }
  if (type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (type === Scalar.QUOTE_SINGLE) return value.includes('\n') ? undefined : `'${value.replaceAll("'", "''")}'`;
  return undefined;
}

function applyStructural(text: string, edit: DefinitionEdit): string {
  const before = parseDocument(text);
  const after = parseDocument(text);
  if (edit.delete) after.deleteIn(edit.path);
  else {
    const previous = after.getIn(edit.path, true);
    const node = after.createNode(edit.value);
    // A replaced collection keeps its style: `[a, b]` stays a flow sequence.
    if (isCollection(previous) && isCollection(node) && previous.flow) node.flow = true;
    after.setIn(edit.path, node);
  }
  return mergeChangedLines(text, before, after);
}

/**
 * The original text with only the lines that differ between the two
 * serialisations replaced. Serialising loses some spacing (`{ a: 1 }` vs
 * `{a: 1}`), so untouched lines are copied from the original, and a changed
 * line takes the spacing closest to the line it replaces.
 */
function mergeChangedLines(text: string, before: Document, after: Document): string {
  const original = text.split('\n');
  const base = before.toString(PLAIN).split('\n');
  const plain = after.toString(PLAIN);
  const padded = after.toString(PADDED).split('\n');
  const plainLines = plain.split('\n');
  if (base.length !== original.length || padded.length !== plainLines.length) return plain;
  const out: string[] = [];
  let removed: string[] = [];
  for (const line of diffLines(base.join('\n'), plain)) {
    if (line.op === ' ') {
      out.push(original[line.oldLine! - 1]!);
      removed = [];
    } else if (line.op === '-') removed.push(original[line.oldLine! - 1]!);
    else {
      const replaced = removed.shift();
      const a = plainLines[line.newLine! - 1]!;
      const b = padded[line.newLine! - 1]!;
      out.push(replaced !== undefined && similarity(b, replaced) > similarity(a, replaced) ? b : a);
    }
  }
  return out.join('\n');
}

function similarity(a: string, b: string): number {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
  return prefix + suffix;
}

export type DefinitionCheck =
  | {
      ok: true;
      config: AppConfig;
      app: ResolvedApp;
      /** Parts that load but can never work (see check-contradictions.ts); the editor refuses to save them. */
      contradictions: ConfigIssue[];
      /** The parsed text, to locate further issues. */
      yaml: YamlFile;
    }
  | { ok: false; issues: ConfigIssue[] };

/**
 * Checks the text of an app file exactly as loading the project does: YAML
 * syntax, the schema, cross-references (roles, expressions) and the warehouse
 * catalogue. Every issue carries the line of the new text.
 */
export function checkAppDefinition(
  name: string,
  file: string,
  text: string,
  project: ProjectConfig,
  catalog: Catalog,
  dialect: Dialect,
  appsDir: string,
): DefinitionCheck {
  const read = parseYamlText(text, file);
  if (!read.ok) return { ok: false, issues: read.issues };
  const validated = validateYaml(read.yaml, appSchema);
  if (!validated.ok) return { ok: false, issues: validated.issues };
  const loaded: LoadedApp = { name, file, config: validated.value, yaml: read.yaml };
  const fileIssues = readDatasetFiles(loaded.config, read.yaml, appsDir, project.warehouse.type);
  if (fileIssues.length) return { ok: false, issues: fileIssues };
  const issues = checkApp(loaded, project);
  const resolved = resolveApp(loaded, catalog, dialect);
  issues.push(...resolved.issues);
  return issues.length
    ? { ok: false, issues }
    : { ok: true, config: validated.value, app: resolved.app, contradictions: checkContradictions(validated.value, read.yaml), yaml: read.yaml };
}
