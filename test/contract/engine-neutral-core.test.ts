import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Core code speaks to warehouses only through src/warehouse/ (dialects, drivers, the engine list
// and each engine's scaffold): no engine names and no one engine's SQL anywhere else. Code comments
// may name engines. What an engine spells its own way is a dialect method (byDialect in sql.ts).

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
  it('has no engine name or engine SQL outside src/warehouse/', () => {
    const found = coreFiles(SRC).flatMap((file) => findings(file).map((line) => `${relative(ROOT, file)}:${line}`));
    expect(found).toEqual([]);
  });

  it('finds what it looks for (the patterns are not dead)', () => {
    const samples = [
      'x IS NOT DISTINCT FROM y',
      'DELETE FROM t RETURNING id',
      'WHERE a = $1',
      'CAST(x AS TIMESTAMPTZ)',
      "'1'::int",
      'ON CONFLICT (k) DO NOTHING',
      "if (engine === 'duckdb')",
    ];
    for (const sample of samples) expect([sample, Object.values(PATTERNS).some((p) => p.test(sample))]).toEqual([sample, true]);
  });
});
