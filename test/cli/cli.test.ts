import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/governance/passwords.js';
import { DEMO_DIR } from '../support/test-server.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would; `input` goes to stdin. */
function runCli(args: string[], input?: string, timeout = 90_000): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

let root: string;
const demoCopy = (name: string) => {
  const dir = join(root, name);
  cpSync(DEMO_DIR, dir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  return dir;
};

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the server first (npm run build:server)`);
  root = mkdtempSync(join(tmpdir(), 'roundtrip-cli-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('roundtrip check', () => {
  it('accepts the demo project and exits 0', async () => {
    const dir = demoCopy('valid');
    const run = await runCli(['check', dir, '--data', join(root, 'valid-data')]);
    // The first start generates the demo data, with progress lines on stderr and nothing else there.
    expect(run.stderr.split('\n').filter((line) => line && !line.startsWith('Generating demo data: '))).toEqual([]);
    expect(run.stderr).toContain('Generating demo data: done');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ apps\/budget\.yaml: 4 tables, \d+ datasets, 4 pages/);
    expect(run.stdout).toContain('is valid against the warehouse catalogue');
  }, 120_000);

  it('exits 1 and names file and line of a broken app file', async () => {
    const dir = demoCopy('broken');
    const file = join(dir, 'apps/budget.yaml');
    const text = readFileSync(file, 'utf8');
    const broken = text.replace('        chart: bar\n', '        chart: pie\n');
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('chart: pie')) + 1;
    const run = await runCli(['check', dir, '--data', join(root, 'broken-data')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`apps/budget.yaml:${line}:`);
    expect(run.stdout).not.toContain('✓');
  }, 120_000);
});

/** The cloud engines' own spelling of demo seed scripts. */
const cloudSeeds = (...files: string[]) => ['bigquery', 'databricks', 'snowflake', 'sqlserver'].flatMap((engine) => files.map((f) => `seed/${engine}/${f}`));

describe('roundtrip init', () => {
  it('scaffolds a project with roundtrip.yaml and apps/budget.yaml', async () => {
    const target = join(root, 'new-project');
    const run = await runCli(['init', target]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Created ${target}`);
    expect(existsSync(join(target, 'roundtrip.yaml'))).toBe(true);
    expect(readFileSync(join(target, 'apps/budget.yaml'), 'utf8')).toBe(readFileSync(join(DEMO_DIR, 'apps/budget.yaml'), 'utf8'));
    expect(existsSync(join(target, '.data'))).toBe(false);
  });

  it('scaffolds the demo on ClickHouse, and it seeds and checks clean there', async () => {
    const target = join(root, 'on-clickhouse');
    const run = await runCli(['init', target, '--warehouse', 'clickhouse']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(target, 'roundtrip.yaml'), 'utf8')).toMatch(/warehouse:\n(.*\n)*? {2}type: clickhouse/);
    const checked = await runCli(['check', target, '--data', join(root, 'on-clickhouse-data')], undefined, 120_000);
    expect(checked.stdout).not.toContain('✗');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('is valid against the warehouse catalogue');
  }, 150_000);

  // Each data-app pattern starts alone: its apps, seed data, roles and users; the project checks
  // clean against the embedded warehouse it seeds on first start.
  it.each([
    {
      template: 'mapping',
      apps: ['mapping', 'mapping.yaml'],
      users: ['admin', 'viewer', 'controller'],
      seed: ['seed/clickhouse/20-mapping.sql', 'seed/common/20-mapping.sql', ...cloudSeeds('20-mapping.sql')],
    },
    {
      template: 'scenarios',
      apps: ['scenarios', 'scenarios.yaml'],
      users: ['admin', 'analyst'],
      seed: ['seed/clickhouse/10-scenarios.sql', 'seed/common/10-scenarios.sql', ...cloudSeeds('10-scenarios.sql')],
    },
    {
      template: 'planning',
      apps: ['budget', 'budget.yaml', 'close', 'close.yaml'],
      users: [
        'admin',
        'partner1',
        'partner2',
        'partner3',
        'partner4',
        'partner5',
        'partner6',
        'partner7',
        'partner8',
        'director',
        'cfo',
        'accountant',
        'viewer',
      ],
      seed: [
        'seed/clickhouse/01-reference.sql',
        'seed/clickhouse/02-facts.sql',
        'seed/clickhouse/30-close.sql',
        'seed/common/30-close.sql',
        'seed/duckdb/01-reference.sql',
        'seed/duckdb/02-facts.sql',
        'seed/postgres/01-reference.sql',
        'seed/postgres/02-facts.sql',
        ...cloudSeeds('01-reference.sql', '02-facts.sql', '30-close.sql'),
      ],
    },
  ])(
    'scaffolds the $template template alone, and it checks clean',
    async ({ template, apps, users, seed }) => {
      const target = join(root, `template-${template}`);
      const run = await runCli(['init', target, '--template', template]);
      expect(run.code).toBe(0);
      expect(readdirSync(join(target, 'apps')).sort()).toEqual([...apps].sort());
      const config = readFileSync(join(target, 'roundtrip.yaml'), 'utf8');
      expect([...config.matchAll(/- username: (\w+)/g)].map((m) => m[1])).toEqual(users);
      const scripts = readdirSync(join(target, 'seed'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(target.length + 1));
      expect(scripts.sort()).toEqual([...seed].sort());
      expect(existsSync(join(target, 'exports'))).toBe(template === 'planning');
      const checked = await runCli(['check', target, '--data', join(root, `template-${template}-data`)], undefined, 120_000);
      expect(checked.stdout).not.toContain('✗');
      expect(checked.code).toBe(0);
      expect(checked.stdout).toContain('is valid against the warehouse catalogue');
    },
    150_000,
  );

  it('refuses a template it does not know', async () => {
    const target = join(root, 'template-unknown');
    const run = await runCli(['init', target, '--template', 'crm']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--template must be mapping, planning or scenarios, got crm');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a folder that is not empty and leaves it as it was', async () => {
    const target = join(root, 'occupied');
    cpSync(join(DEMO_DIR, 'seed'), target, { recursive: true });
    const before = readdirSync(target).sort();
    const run = await runCli(['init', target]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not empty');
    expect(readdirSync(target).sort()).toEqual(before);
  });
});

describe('roundtrip hash-password', () => {
  it('prints an scrypt hash of the password read from stdin', async () => {
    const run = await runCli(['hash-password'], 'correct horse battery staple\n');
    expect(run.code).toBe(0);
    const hash = run.stdout.trim();
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery staple\n', hash)).toBe(false);
    expect(await verifyPassword('wrong', hash)).toBe(false);
  });

  it('refuses an empty password', async () => {
    const run = await runCli(['hash-password'], '');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
  });
});

describe('roundtrip schema', () => {
  it('writes the project and app JSON Schemas to --out', async () => {
    const out = join(root, 'schemas');
    mkdirSync(out);
    const run = await runCli(['schema', '--out', out]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['app.schema.json', 'project.schema.json']);
    const project = JSON.parse(readFileSync(join(out, 'project.schema.json'), 'utf8'));
    const app = JSON.parse(readFileSync(join(out, 'app.schema.json'), 'utf8'));
    expect(project.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(project.properties)).toEqual(expect.arrayContaining(['name', 'warehouse', 'roles', 'users']));
    expect(Object.keys(app.properties)).toEqual(expect.arrayContaining(['title', 'roles', 'datasets', 'tables', 'pages']));
    // The copies in the repository (for editors) are the current ones.
    for (const name of ['app.schema.json', 'project.schema.json']) {
      expect(readFileSync(join(out, name), 'utf8'), `schema/${name} is stale: run roundtrip schema --out schema`).toBe(
        readFileSync(resolve(import.meta.dirname, '../../schema', name), 'utf8'),
      );
    }
  });
});

describe('usage', () => {
  it('prints the usage and exits 2 for an unknown command', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: roundtrip');
  });
});
