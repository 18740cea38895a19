import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLocalUser } from '../../src/governance/identity/local-users.js';
import { runDataset } from '../../src/query/index.js';
import { openProject } from '../../src/runtime/open-project.js';
import { DEMO_DIR } from '../support/test-server.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

function runCli(args: string[], timeout = 240_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
    child.stdin!.end();
  });
}

let root: string;
let project: string;
let data: string;
const exportArgs = (...rest: string[]) => ['export', 'budget', 'management_accounts', project, '--data', data, ...rest];

/** Opens the project after the CLI has exited (DuckDB opens its file in one process at a time). */
async function withRuntime<T>(work: (runtime: Awaited<ReturnType<typeof openProject>>) => Promise<T>): Promise<T> {
  const runtime = await openProject(project, { dataDir: data });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the server first (npm run build:server)`);
  root = mkdtempSync(join(tmpdir(), 'roundtrip-cli-export-'));
  project = join(root, 'project');
  data = join(root, 'data');
  cpSync(DEMO_DIR, project, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('roundtrip export', () => {
  it('fills the management accounts workbook from live data as the user sees it, and writes it where --out says', async () => {
    const out = join(root, 'E01.xlsx');
    const run = await runCli(exportArgs('--as', 'director', '--param', 'entity=E01', '--param', 'year=2025', '--out', out));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${out}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('P&L')!;
    expect(sheet.getCell('B2').value).toBe('E01 · Northwind UK');
    expect(sheet.getCell('B3').value).toBe(2025);
    const actual = await withRuntime(async (runtime) => {
      const director = (await findLocalUser(runtime.system, 'director'))!;
      const app = runtime.current().apps.get('budget')!;
      const request = { params: { entity: 'E01', year: 2025 }, filters: [], sort: [], limit: 100, offset: 0, withTotal: false };
      return (await runDataset(runtime.warehouse, app, 'pnl_actual_by_month', director, request)).rows;
    });
    expect(actual.length).toBeGreaterThan(0);
    actual.forEach((row, i) => MONTHS.forEach((m, j) => expect(sheet.getCell(7 + i, 2 + j).value).toBe(Number(row[m]))));
    expect(actual.some((row) => Number(row.m01) > 0)).toBe(true);
  }, 300_000);

  it('builds a pack of one workbook per entity the user may read, reporting progress, and records both exports', async () => {
    const out = join(root, 'pack.zip');
    const run = await runCli(exportArgs('--as', 'partner1', '--pack', '--out', out));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exported 5/5 files');
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['E01', 'E02', 'E03', 'E04', 'E05'].map((e) => `Management accounts ${e} 2025.xlsx`));
    const recorded = await withRuntime(async (runtime) => {
      const schema = runtime.current().config.audit.schema;
      return (await runtime.warehouse.query(`SELECT username, export_name, files FROM "${schema}"."exports" ORDER BY exported_at`)).rows;
    });
    expect(recorded.map((r) => [r.username, r.export_name, Number(r.files)])).toEqual([
      ['director', 'management_accounts', 1],
      ['partner1', 'management_accounts', 5],
    ]);
  }, 300_000);

  it.each([
    [['--as', 'nobody'], 1, "No enabled user 'nobody'"],
    [['--as', 'director', '--param', 'region=north'], 1, "The export has no parameter 'region'"],
    [['--as', 'director', '--param', 'year'], 2, "--param needs name=value, got 'year'"],
    [['--as', 'director', '--param', 'year=2025', '--param', 'year=2024'], 2, '--param year is given twice'],
    [[], 2, '--as USER is required'],
  ])(
    '%j exits %i and says what is wrong, writing nothing',
    async (rest, code, message) => {
      const out = join(root, 'refused.xlsx');
      const run = await runCli([...exportArgs(...rest), '--out', out]);
      expect(run.code).toBe(code);
      expect(run.stderr).toContain(message);
      expect(existsSync(out)).toBe(false);
    },
    300_000,
  );

  it('answers an export the user may not run like a missing one', async () => {
    const run = await runCli(['export', 'budget', 'board_deck', project, '--data', data, '--as', 'partner1', '--out', join(root, 'deck.pptx')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[EXP_NOT_FOUND]');
  }, 300_000);
});
