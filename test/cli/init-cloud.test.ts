import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCommand } from '../../src/cli/init-command.js';
import { loadProject } from '../../src/app-model/load-project.js';
import { parseNamedParams } from '../../src/app-model/named-params.js';
import { splitStatements } from '../../src/runtime/run-seed.js';
import type { Dialect } from '../../src/warehouse/dialect.js';
import { CLOUD_DIALECTS, parseInGrammar } from '../support/cloud-dialects.js';
import { provisionSqlParser } from '../support/tools/sql-parser.js';

// `roundtrip init --warehouse <cloud engine>` writes the demo for that engine: a project that loads,
// seed scripts in the engine's SQL, and app SQL (datasets, gates, action steps) the engine's grammar reads.
// No account is reachable here: the SQL is parsed (sqlglot), not run; `npm run test:live` runs it.

let root: string;
let python: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'roundtrip-init-cloud-'));
  python = await provisionSqlParser();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A dataset statement as the engine receives it: each `:name` its placeholder. */
function withPlaceholders(text: string, dialect: Dialect): string {
  const { texts, names } = parseNamedParams(text);
  return texts.map((t, i) => (i < names.length ? `${t}${dialect.placeholder(i + 1)}` : t)).join('');
}

describe.each(CLOUD_DIALECTS)('roundtrip init --warehouse $name', (target) => {
  const { name, dialect } = target;
  it('writes a project that loads, whose seed scripts and app SQL parse in the engine grammar', () => {
    const dir = initCommand(join(root, name), name);
    const project = loadProject(dir);
    expect(project.config.warehouse.type).toBe(name);
    const seeds = (Array.isArray(project.config.seed) ? project.config.seed : [project.config.seed!]).flatMap((block) => {
      const scripts = Array.isArray(block.scripts) ? block.scripts : block.scripts[name];
      expect(scripts, `seed block ${block.whenMissing} has scripts for ${name}`).toBeDefined();
      return scripts!;
    });
    expect(seeds.every((script) => script.startsWith(`seed/${name}/`))).toBe(true);
    const statements = [
      ...seeds.flatMap((script) => splitStatements(readFileSync(join(dir, script), 'utf8')).map((sql) => ({ where: script, sql }))),
      ...[...project.apps].flatMap(([app, loaded]) => [
        ...Object.entries(loaded.config.datasets).map(([dataset, d]) => ({ where: `${app}.${dataset}`, sql: withPlaceholders(d.sql, dialect) })),
        ...Object.entries(loaded.config.tables ?? {}).flatMap(([table, t]) =>
          (t.gates ?? []).map((gate) => ({ where: `${app}.${table} gate ${gate.name}`, sql: withPlaceholders(gate.sql, dialect) })),
        ),
      ]),
    ];
    expect(statements.length).toBeGreaterThan(40);
    expect(parseInGrammar(python, target, statements).failures).toEqual([]);
  }, 60_000);
});
