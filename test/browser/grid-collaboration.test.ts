import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { cellBounds, gridColumns, gridRows, openGridPage, type ProbeWindow, waitForWrites } from './support/grid-probe.js';

// Two people in two browsers on the same budget lines: each sees the other's edits arrive, marked
// with the name of who made them; an editor open on a cell that changes underneath says so and
// offers theirs or mine.

const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-grid';

describe('collaboration in the grid', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  const openBudget = (username: string): Promise<Page> => openGridPage(sessions, current().url, username, GRID);

  async function typeAt(page: Page, col: number, row: number, text: string) {
    const box = await cellBounds(page, GRID, col, row);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  /** Waits until the page marks the cell as changed by `user`. */
  async function waitForChangedBy(page: Page, lineId: unknown, column: string, user: string) {
    await page.waitForFunction(
      ([id, key, c, u]) => {
        const extra = (window as ProbeWindow).__roundtripGrids?.[id as string]?.extra() as { changedBy?: Record<string, string> } | undefined;
        return Object.entries(extra?.changedBy ?? {}).some(([cell, who]) => cell.includes(`"line_id",${String(key)}]`) && cell.endsWith(`#${c}`) && who === u);
      },
      [GRID, lineId, column, user] as const,
    );
  }

  it('each sees the other’s edits arrive with the editor’s name', { timeout: 180_000 }, async () => {
    const partner = await openBudget('partner1');
    const director = await openBudget('director');
    const columns = await gridColumns(partner, GRID);
    const amountCol = columns.indexOf('amount');
    const commentCol = columns.indexOf('comment');
    // Both grids start at E01's lines (the director reads every entity; partner1 E01–E05).
    const rows = await gridRows(partner, GRID);
    expect(String((await gridRows(director, GRID))[0]!.line_id)).toBe(String(rows[0]!.line_id));

    await typeAt(director, amountCol, 1, '123456.78');
    await waitForWrites(director, GRID);
    await waitForChangedBy(partner, rows[1]!.line_id, 'amount', 'director');
    await partner.screenshot({ path: `${SHOTS}/changed-by-director-1440.png` });

    await typeAt(partner, commentCol, 2, 'seen by the director');
    await waitForWrites(partner, GRID);
    await waitForChangedBy(director, rows[2]!.line_id, 'comment', 'partner1');
    // Nobody's own edits are marked as someone else's.
    const own = await partner.evaluate(
      (id) => ((window as ProbeWindow).__roundtripGrids![id]!.extra() as { changedBy: Record<string, string> }).changedBy,
      GRID,
    );
    expect(Object.values(own)).not.toContain('partner1');
  });

  it('an open editor warns when its cell changes underneath; keep mine overwrites knowingly, use theirs drops the edit', { timeout: 180_000 }, async () => {
    const partner = await openBudget('partner2');
    const director = await openBudget('director');
    const columns = await gridColumns(partner, GRID);
    const amountCol = columns.indexOf('amount');
    const rows = await gridRows(partner, GRID);
    // The director looks at the same entity's lines (a search the warehouse runs).
    await director.fill('[data-testid="grid-search"]', String(rows[0]!.entity_id));
    await director.waitForFunction(([id, first]) => String((window as ProbeWindow).__roundtripGrids?.[id as string]?.rowAt(0)?.line_id) === String(first), [
      GRID,
      rows[0]!.line_id,
    ] as const);
    const directorRows = await gridRows(director, GRID);
    const directorRow = directorRows.findIndex((r) => String(r.line_id) === String(rows[4]!.line_id));
    expect(directorRow).toBeGreaterThanOrEqual(0);
    const amount = async () =>
      String(
        (await current().runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS a FROM budget_lines WHERE line_id = $1', [Number(rows[4]!.line_id)]))
          .rows[0]!.a,
      );

    // partner2 starts typing; the director saves the same cell meanwhile.
    let box = await cellBounds(partner, GRID, amountCol, 4);
    await partner.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await partner.keyboard.type('700');
    await typeAt(director, amountCol, directorRow, '9999');
    await waitForWrites(director, GRID);
    const notice = await partner.waitForSelector('[data-testid="editor-notice"]');
    expect(await notice.textContent()).toContain('director');
    expect(await notice.textContent()).toContain('9,999.00');
    await partner.screenshot({ path: `${SHOTS}/changed-underneath-1440.png` });
    await partner.click('[data-testid="editor-mine"]');
    await partner.keyboard.type('1');
    await partner.keyboard.press('Enter');
    await waitForWrites(partner, GRID);
    expect(await amount()).toBe('7001.00');

    // Again, and this time partner2 takes the director's value: nothing of theirs is written.
    await director.waitForFunction(
      ([id, row]) => String((window as ProbeWindow).__roundtripGrids?.[id as string]?.rowAt(row as number)?.amount) === '7001.00',
      [GRID, directorRow] as const,
    );
    box = await cellBounds(partner, GRID, amountCol, 4);
    await partner.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await partner.keyboard.type('555');
    await typeAt(director, amountCol, directorRow, '8888');
    await waitForWrites(director, GRID);
    await partner.waitForSelector('[data-testid="editor-notice"]');
    await partner.click('[data-testid="editor-theirs"]');
    await partner.waitForSelector('[data-testid="cell-editor"][data-open="false"]', { state: 'attached' });
    await waitForWrites(partner, GRID);
    expect(await amount()).toBe('8888.00');
  });
});
