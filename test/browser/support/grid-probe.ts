import type { Page } from 'playwright-core';

// The grid draws on a canvas: tests read rows and cell positions through the UI's test hook
// (`window.__roundtripGrids`, see web/README.md) instead of pixels.

export type Row = Record<string, unknown>;

interface Probe {
  rows: () => Row[];
  columns: () => string[];
  cellBounds: (col: number, row: number) => { x: number; y: number; width: number; height: number } | null;
}

/** The probe registry of the page's window (typed here, not globally, so test files stay independent). */
export type ProbeWindow = Window & { __roundtripGrids?: Record<string, Probe> };

export async function waitForRows(page: Page, grid: string): Promise<void> {
  await page.waitForFunction((id) => ((window as ProbeWindow).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, grid);
}

export function gridRows(page: Page, grid: string): Promise<Row[]> {
  return page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.rows(), grid);
}

export function gridColumns(page: Page, grid: string): Promise<string[]> {
  return page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.columns(), grid);
}

export async function cellBounds(page: Page, grid: string, col: number, row: number) {
  const handle = await page.waitForFunction(
    ([id, c, r]) => (window as ProbeWindow).__roundtripGrids?.[id as string]?.cellBounds(c as number, r as number) ?? null,
    [grid, col, row] as const,
  );
  return (await handle.jsonValue())!;
}

/** Waits until the grid holds the row `key` with `column` equal to `cents` (DECIMAL compared in integer cents). */
export async function waitForCents(page: Page, grid: string, keyColumn: string, key: unknown, column: string, cents: number): Promise<void> {
  await page.waitForFunction(
    ([id, kc, k, c, expected]) =>
      ((window as ProbeWindow).__roundtripGrids?.[id as string]?.rows() ?? []).some(
        (r) => String(r[kc as string]) === String(k) && Math.round(Number(r[c as string]) * 100) === expected,
      ),
    [grid, keyColumn, key, column, cents] as const,
  );
}

/** Edits like a person: double-click the cell, replace its content, Enter. */
export async function typeIntoCell(page: Page, grid: string, col: number, row: number, text: string): Promise<void> {
  const box = await cellBounds(page, grid, col, row);
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  const editor = await page.waitForSelector('#portal input, #portal textarea');
  await editor.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

export async function clickCell(page: Page, grid: string, col: number, row: number): Promise<void> {
  const box = await cellBounds(page, grid, col, row);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}
