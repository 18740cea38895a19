import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDbtSources, type DbtSource } from '../../src/dbt/dbt-sources.js';
import { ENGINES } from '../support/engines.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

// `roundtrip dbt`: dbt sources for the writable tables and the audit trail, read from the catalogue,
// so every table and column it names resolves in the warehouse (checked by selecting them).

describe.each(ENGINES)('dbt sources on $name', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine });
  }, 120_000);
  afterAll(() => server?.close());

  it('names every writable table and audit table with columns that exist, keys tested', async () => {
    const { warehouse } = server.runtime;
    const { sources } = buildDbtSources(server.runtime.current(), await warehouse.introspect(), warehouse.dialect.defaultSchema);
    const byName = new Map(sources.map((s) => [s.name, s]));
    const data = byName.get(`roundtrip_${warehouse.dialect.defaultSchema}`)!;
    expect(data.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['budget_lines', 'closed_periods']));
    const lines = data.tables.find((t) => t.name === 'budget_lines')!;
    expect(lines.columns.find((c) => c.name === 'line_id')).toMatchObject({ data_tests: ['not_null', 'unique'] });
    expect(lines.meta).toEqual({ roundtrip: { app: 'budget', key: ['line_id'], writable_columns: expect.arrayContaining(['amount', 'comment']) } });
    expect(lines.columns.find((c) => c.name === 'amount')?.data_type).toMatch(/^(decimal|numeric)\(18,\s?2\)$/);

    const audit = byName.get('roundtrip_audit')!;
    expect(audit.schema).toBe('roundtrip_audit');
    expect(audit.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['approval_requests', 'approval_steps', 'cell_changes', 'changesets', 'exports', 'rejections', 'row_comments']),
    );
    expect(audit.tables.find((t) => t.name === 'changesets')).toMatchObject({ loaded_at_field: 'committed_at' });

    // Every name resolves: select each source table's columns.
    const q = (name: string) => warehouse.dialect.quoteIdent(name);
    for (const source of sources as DbtSource[]) {
      for (const table of source.tables) {
        expect(table.columns.length).toBeGreaterThan(0);
        await warehouse.query(`SELECT ${table.columns.map((c) => q(c.name)).join(', ')} FROM ${q(source.schema)}.${q(table.name)} WHERE 1 = 0`);
      }
    }
  });
});

describe('roundtrip dbt', () => {
  let root: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the server first (npm run build:server)`);
    root = mkdtempSync(join(tmpdir(), 'roundtrip-cli-dbt-'));
    cpSync(DEMO_DIR, join(root, 'project'), { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes sources.yml that dbt reads: version 2, the sources, and a header saying where it came from', async () => {
    const out = join(root, 'sources.yml');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [CLI, 'dbt', join(root, 'project'), '--out', out, '--data', join(root, 'data')],
        { timeout: 240_000 },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Wrote .*sources\.yml: 2 sources, \d+ tables\./);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('# dbt sources written by `roundtrip dbt`')).toBe(true);
    const parsed = parse(text) as { version: number; sources: DbtSource[] };
    expect(parsed.version).toBe(2);
    expect(parsed.sources.map((s) => s.name)).toEqual(['roundtrip_main', 'roundtrip_audit']);
  });
});
