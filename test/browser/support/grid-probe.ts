import type { Page } from 'playwright-core';

// The grid draws on a canvas: tests read rows and cell positions through the UI's test hook
// (`window.__roundtripGrids`, compiled into the test build only; see web/README.md) instead of pixels.

export type Row = Record<string, unknown>;

interface Probe {
  rows: () => Row[];
  rowAt: (index: number) => Row | null;
  rowCount: () => number;
  columns: () => string[];
  pendingWrites: () => number;
  cellState: (key: Row, column: string) => string | null;
  cellBounds: (col: number, row: number) => { x: number; y: number; width: number; height: number } | null;
  scrollTo: (col: number, row: number) => void;
  extra: () => Record<string, unknown>;
}

/** The probe registry of the page's window (typed here, not globally, so test files stay independent). */
export type ProbeWindow = Window & { __roundtripGrids?: Record<string, Probe> };

/**
 * Signs `username` in on the budget overview and waits until `grid` shows rows, nothing on the
 * page is loading, and the grid is scrolled into view: the starting point of every grid test.
 */
export async function openGridPage(
  sessions: { signIn(baseUrl: string, username: string, hash: string): Promise<Page> },
  baseUrl: string,
  username: string,
  grid: string,
): Promise<Page> {
  const page = await sessions.signIn(baseUrl, username, '#/budget/overview');
  await waitForRows(page, grid);
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
  await (await page.waitForSelector(`[data-block-id="${grid}"]`)).scrollIntoViewIfNeeded();
  return page;
}

export async function waitForRows(page: Page, grid: string): Promise<void> {
  await page.waitForFunction((id) => ((window as ProbeWindow).__roundtripGrids?.[id]?.rows().length ?? 0) > 0, grid);
}

export function gridRows(page: Page, grid: string): Promise<Row[]> {
  return page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.rows(), grid);
}

export function gridColumns(page: Page, grid: string): Promise<string[]> {
  return page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.columns(), grid);
}

export function gridRowCount(page: Page, grid: string): Promise<number> {
  return page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.rowCount(), grid);
}

export function gridExtra<T = Record<string, unknown>>(page: Page, grid: string): Promise<T> {
  return page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.extra(), grid) as Promise<T>;
}

export function cellState(page: Page, grid: string, key: Row, column: string): Promise<string | null> {
  return page.evaluate(([id, k, c]) => (window as ProbeWindow).__roundtripGrids![id as string]!.cellState(k as Row, c as string), [grid, key, column] as const);
}

/** Waits until every changeset the grid made has come back from the server. */
export async function waitForWrites(page: Page, grid: string): Promise<void> {
  await page.waitForFunction((id) => (window as ProbeWindow).__roundtripGrids?.[id]?.pendingWrites() === 0, grid);
}

/** The cell's box in the window, scrolled into view first as a person would (a click outside the window lands nowhere). */
export async function cellBounds(page: Page, grid: string, col: number, row: number) {
  const read = async () => {
    const handle = await page.waitForFunction(
      ([id, c, r]) => (window as ProbeWindow).__roundtripGrids?.[id as string]?.cellBounds(c as number, r as number) ?? null,
      [grid, col, row] as const,
    );
    return (await handle.jsonValue())!;
  };
  const box = await read();
  const height = page.viewportSize()?.height ?? 0;
  if (box.y >= 0 && box.y + box.height <= height) return box;
  await page.evaluate((dy) => window.scrollBy(0, dy), box.y + box.height / 2 - height / 2);
  return read();
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

/** Edits like a person: double-click the cell (which selects its content), type, Enter. No waits. */
export async function typeIntoCell(page: Page, grid: string, col: number, row: number, text: string): Promise<void> {
  const box = await cellBounds(page, grid, col, row);
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

export async function clickCell(page: Page, grid: string, col: number, row: number): Promise<void> {
  const box = await cellBounds(page, grid, col, row);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}
