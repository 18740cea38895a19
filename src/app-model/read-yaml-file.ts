import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue } from './config-issues.js';

export type PathSegment = string | number;

/** A parsed YAML file that can say on which line any path of it stands. */
export interface YamlFile {
  file: string;
  data: unknown;
  issue(path: readonly PathSegment[], message: string): ConfigIssue;
}

export type YamlRead = { ok: true; yaml: YamlFile } | { ok: false; issues: ConfigIssue[] };

export function readYamlFile(absolutePath: string, displayName: string): YamlRead {
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    return { ok: false, issues: [{ file: displayName, line: null, path: '', message: `cannot read file: ${(error as Error).message}` }] };
  }
  return parseYamlText(text, displayName);
}

/** Parses YAML text as the loader does (unique keys, every syntax error with its line). */
export function parseYamlText(text: string, displayName: string): YamlRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file: displayName,
        line: lineCounter.linePos(e.pos[0]).line,
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  return {
    ok: true,
    yaml: {
      file: displayName,
      data: doc.toJS(),
      issue: (path, message) => ({ file: displayName, line: lineOf(doc, lineCounter, path), path: path.join('.'), message }),
    },
  };
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, counter: LineCounter, path: readonly PathSegment[]): number | null {
  // A map entry stands on the line of its key (its value may start on the next line).
  const parent = path.length === 0 ? undefined : path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === path.at(-1));
    const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    if (keyRange) return counter.linePos(keyRange[0]).line;
  }
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return null;
}

/** Validates `yaml.data` with a schema, mapping every schema issue to file and line. */
export function validateYaml<S extends z.ZodType>(yaml: YamlFile, schema: S): { ok: true; value: z.infer<S> } | { ok: false; issues: ConfigIssue[] } {
  const reserved = protoKeyPaths(yaml.data).map((path) => yaml.issue(path, "'__proto__' cannot name anything in a config file; rename it"));
  const result = schema.safeParse(yaml.data ?? {});
  if (result.success && reserved.length === 0) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: [
      ...reserved,
      ...(result.error?.issues ?? []).map((i) => {
        const path = i.path.filter((p): p is PathSegment => typeof p !== 'symbol');
        // Point at the unknown key itself, not at the start of the object holding it.
        return yaml.issue(i.code === 'unrecognized_keys' && i.keys[0] !== undefined ? [...path, i.keys[0]] : path, describeZodIssue(i));
      }),
    ],
  };
}

/** Where `__proto__` is a key: the schema would drop it without a word (and a lookup would find Object.prototype), so it is refused. */
function protoKeyPaths(value: unknown, path: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => protoKeyPaths(item, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => (key === '__proto__' ? [[...path, key]] : protoKeyPaths((value as Record<string, unknown>)[key], [...path, key])));
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}: remove or correct the spelling`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) return `unknown ${issue.discriminator}: ${issue.message}`;
  return issue.message;
}
