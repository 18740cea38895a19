import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { provisionOffice } from '../support/tools/office-binaries.js';

const run = promisify(execFile);
const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

// The filled templates opened by a real office suite: LibreOffice renders them to PDF, so the
// figures must survive a real reader, and the workbook's formulas (whose cached results the
// export drops) must be recalculated on open.

let server: TestServer;
let director: ApiClient;
let office: { soffice: string; pdftotext: string };
let dir: string;

beforeAll(async () => {
  office = await provisionOffice();
  dir = mkdtempSync(join(tmpdir(), 'roundtrip-office-'));
  server = await startTestServer();
  director = await ApiClient.login(server.url, 'director');
}, 1_800_000);
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function download(path: string, body: unknown, name: string): Promise<string> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: director.cookie, 'x-csrf-token': director.csrfToken },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

/** The text of the PDF LibreOffice renders from `file` (its own profile folder, so runs never share one). */
async function renderedText(file: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'roundtrip-soffice-profile-'));
  try {
    await run(office.soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 180_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const pdf = file.replace(/\.\w+$/, '.pdf');
  const { stdout } = await run(office.pdftotext, ['-layout', pdf, '-'], { timeout: 60_000 });
  return stdout;
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');

describe('exports opened by LibreOffice', () => {
  it('renders the management accounts workbook with the live figures and the formulas recalculated', async () => {
    const file = await download('/api/apps/budget/exports/management_accounts/run', { params: { entity: 'E01', year: 2025 } }, 'accounts.xlsx');
    const text = await renderedText(file);
    expect(text).toContain('E01 · Northwind UK');
    const actual = (await director.query('budget', 'pnl_actual_by_month', { params: { entity: 'E01', year: 2025 } })).body.rows as Record<string, unknown>[];
    const first = actual[0]!;
    // A filled cell, and the row total the template computes with =SUM(B7:M7).
    expect(text).toContain(whole(Number(first.m01)));
    const total = MONTHS.reduce((sum, m) => sum + Number(first[m]), 0);
    expect(total).not.toBe(0);
    expect(text).toContain(whole(total));
  }, 600_000);

  it('renders the board deck with its placeholders filled', async () => {
    const file = await download('/api/apps/budget/exports/board_deck/run', { params: { entity: 'E01', year: 2025 } }, 'deck.pptx');
    const text = await renderedText(file);
    expect(text).toContain('E01 · Northwind UK');
    expect(text).toContain('2025');
    expect(text).not.toMatch(/\{\{\w+\}\}/);
    expect(
      readFileSync(file.replace(/\.pptx$/, '.pdf'))
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
  }, 600_000);
});
