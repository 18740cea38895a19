import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSchema } from './app-schema.js';
import { readDatasetFiles } from './dataset-files.js';
import { parseYamlText, validateYaml } from './read-yaml-file.js';

function load(text: string, files: Record<string, string>, engine?: string) {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-dataset-files-'));
  const appsDir = join(root, 'apps');
  mkdirSync(join(appsDir, 'sql'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
  const read = parseYamlText(text, 'apps/a.yaml');
  if (!read.ok) throw new Error('bad yaml');
  const validated = validateYaml(read.yaml, appSchema);
  if (!validated.ok) return { schemaIssues: validated.issues.map((i) => i.message), issues: [], config: undefined };
  const issues = readDatasetFiles(validated.value, read.yaml, appsDir, engine);
  return { schemaIssues: [], issues, config: validated.value };
}

const app = (dataset: string) =>
  `title: A\nroles: [admin]\ndatasets:\n  totals:\n${dataset}\npages: [{ id: main, title: Main, blocks: [{ id: t, type: text, markdown: hi }] }]\n`;

describe('dataset statements in .sql files', () => {
  it('reads the file into sql', () => {
    const { issues, config } = load(app('    file: sql/totals.sql'), { 'apps/sql/totals.sql': 'SELECT 1 AS one\n' });
    expect(issues).toEqual([]);
    expect(config?.datasets.totals?.sql).toBe('SELECT 1 AS one');
  });

  it("reads the warehouse engine's own spelling beside the file where there is one", () => {
    const files = { 'apps/sql/totals.sql': 'SELECT a || b AS ab\n', 'apps/sql/totals.sqlserver.sql': 'SELECT CONCAT(a, b) AS ab\n' };
    expect(load(app('    file: sql/totals.sql'), files, 'sqlserver').config?.datasets.totals?.sql).toBe('SELECT CONCAT(a, b) AS ab');
    expect(load(app('    file: sql/totals.sql'), files, 'duckdb').config?.datasets.totals?.sql).toBe('SELECT a || b AS ab');
    expect(load(app('    file: sql/totals.sql'), files).config?.datasets.totals?.sql).toBe('SELECT a || b AS ab');
  });

  it('names the line of a missing or empty file', () => {
    const missing = load(app('    file: sql/nope.sql'), {});
    expect(missing.issues).toEqual([
      expect.objectContaining({ line: 5, path: 'datasets.totals.file', message: expect.stringContaining('file not found: sql/nope.sql') }),
    ]);
    const empty = load(app('    file: sql/totals.sql'), { 'apps/sql/totals.sql': '  \n' });
    expect(empty.issues[0]?.message).toContain('is empty');
  });

  it('refuses both, neither, and paths leaving the apps folder', () => {
    expect(load(app('    sql: SELECT 1\n    file: sql/totals.sql'), {}).schemaIssues.join()).toContain('either inline (sql) or in a file (file)');
    expect(load(app('    description: none'), {}).schemaIssues.join()).toContain('either inline (sql) or in a file (file)');
    expect(load(app('    file: ../secret.sql'), {}).schemaIssues.join()).toContain('inside the apps folder');
    expect(load(app('    file: /etc/passwd.sql'), {}).schemaIssues.join()).toContain('inside the apps folder');
  });
});
