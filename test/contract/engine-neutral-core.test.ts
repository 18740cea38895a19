import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Core code speaks to warehouses only through src/warehouse/ (dialects, drivers, the engine list):
// no engine names and no one engine's SQL anywhere else. Code comments may name engines.
//
// STILL_TO_MOVE lists the files that still hold engine-specific SQL, with how many lines of it: a
// file may only get better, and leaves the list once clean (the test says so). New files start clean.

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

const PATTERNS: Record<string, RegExp> = {
  'an engine name': /\b(duckdb|postgres(ql)?|clickhouse|snowflake|bigquery|databricks|sqlserver|mssql)\b/i,
  'a $n placeholder': /(?<=[\s(,=<>])\$[0-9]+(?![0-9$])/,
  RETURNING: /\bRETURNING\b/,
  'IS NOT DISTINCT FROM': /IS NOT DISTINCT FROM/,
  TIMESTAMPTZ: /TIMESTAMPTZ/,
  'a :: cast': /::[a-z]/i,
  'ON CONFLICT': /ON CONFLICT/,
};

const STILL_TO_MOVE: Record<string, number> = {
  'src/cli/cli-commands.ts': 5,
  'src/cli/init-command.ts': 5,
};

function coreFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path === join(SRC, 'warehouse') ? [] : coreFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

function findings(file: string): string[] {
  return withoutComments(readFileSync(file, 'utf8'))
    .split('\n')
    .flatMap((line, i) => Object.entries(PATTERNS).flatMap(([what, pattern]) => (pattern.test(line) ? [`${i + 1}: ${what}: ${line.trim()}`] : [])))
    .filter((finding, i, all) => all.findIndex((f) => f.split(':')[0] === finding.split(':')[0]) === i);
}

describe('engine-neutral core', () => {
  const found = new Map(coreFiles(SRC).map((file) => [relative(ROOT, file), findings(file)] as const));

  it('has no engine name or engine SQL outside src/warehouse/, apart from the files still to move', () => {
    const unexpected = [...found].filter(([file, lines]) => lines.length > (STILL_TO_MOVE[file] ?? 0));
    expect(unexpected.map(([file, lines]) => `${file} (${lines.length} > ${STILL_TO_MOVE[file] ?? 0})\n  ${lines.join('\n  ')}`)).toEqual([]);
  });

  it('lists no file as still to move once it is clean, and no count above what is left', () => {
    const stale = Object.entries(STILL_TO_MOVE).filter(([file, count]) => (found.get(file)?.length ?? 0) < count);
    expect(stale.map(([file, count]) => `${file}: listed ${count}, has ${found.get(file)?.length ?? 0}: lower or remove its entry`)).toEqual([]);
  });
});
