import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { cellBounds, gridColumns, gridRows, openGridPage, waitForWrites } from './support/grid-probe.js';

// Undo and redo in the grid are new governed writes: audited, and expecting the value they replace,
// so an undo after someone else changed the cell is a conflict offered at the cell, not an overwrite.
// Feedback shows where the eye is: the status line, the cell, one toast per changeset.

const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-grid';

describe('undo, redo and write feedback in the grid', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  const openBudget = (username: string): Promise<Page> => openGridPage(sessions, current().url, username, GRID);

  async function amountOf(lineId: unknown): Promise<string> {
    const { rows } = await current().runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE line_id = $1', [Number(lineId)]);
    return String(rows[0]!.amount);
  }

  /** The changesets that touched a row's amount, newest first: who, the reason, old → new. */
  async function audit(lineId: unknown): Promise<{ username: string; reason: string | null; old: string; new: string }[]> {
    const schema = current().runtime.current().config.audit.schema;
    const { rows } = await current().runtime.warehouse.query(
      `SELECT c.username, c.reason, cc.old_value, cc.new_value FROM "${schema}".cell_changes cc JOIN "${schema}".changesets c USING (changeset_id)
       WHERE cc.table_name = 'budget_lines' AND cc.row_key = $1 AND cc.column_name = 'amount' ORDER BY c.committed_at DESC, c.changeset_id DESC`,
      [JSON.stringify({ line_id: Number(lineId) })],
    );
    return rows.map((r) => ({ username: String(r.username), reason: (r.reason as string | null) ?? null, old: String(r.old_value), new: String(r.new_value) }));
  }

  async function typeAt(page: Page, col: number, row: number, text: string, key = 'Enter') {
    const box = await cellBounds(page, GRID, col, row);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.type(text);
    await page.keyboard.press(key);
  }

  it('undoes an edit with a new audited write, redoes it, and says so in the status line', { timeout: 120_000 }, async () => {
    const page = await openBudget('partner5');
    const amountCol = (await gridColumns(page, GRID)).indexOf('amount');
    const rows = await gridRows(page, GRID);
    const lineId = rows[2]!.line_id;
    const original = await amountOf(lineId);

    await typeAt(page, amountCol, 2, '4321');
    await waitForWrites(page, GRID);
    expect(await amountOf(lineId)).toBe('4321.00');
    const status = await page.waitForSelector('[data-testid="grid-status"][data-state="saved"]');
    expect(await status.textContent()).toMatch(/^✓Saved 1 cell · \d\d:\d\d$/);
    // The history panel shows the row just edited, not the row the cursor moved to.
    await page.waitForSelector(`[data-testid="history-panel"] :text("line ${String(lineId)}")`);

    await page.keyboard.press('ControlOrMeta+z');
    await waitForWrites(page, GRID);
    expect(await amountOf(lineId)).toBe(original);
    let trail = await audit(lineId);
    expect(trail[0]).toMatchObject({ username: 'partner5', old: '4321.00', new: original });
    expect(trail[0]!.reason).toMatch(/^Undo of edit \(changeset [0-9a-f-]+\)$/);
    expect(await (await page.waitForSelector('[data-testid="grid-status"][data-state="saved"]')).textContent()).toContain('Undo edit 1 cell');

    await page.keyboard.press('ControlOrMeta+Shift+z');
    await waitForWrites(page, GRID);
    expect(await amountOf(lineId)).toBe('4321.00');
    trail = await audit(lineId);
    expect(trail[0]).toMatchObject({ username: 'partner5', old: original, new: '4321.00' });
    expect(trail[0]!.reason).toMatch(/^Redo of edit/);
    expect(trail).toHaveLength(3);
  });

  it('an undo after someone else changed the cell is a conflict at the cell; nothing is overwritten', { timeout: 120_000 }, async () => {
    const page = await openBudget('partner6');
    const amountCol = (await gridColumns(page, GRID)).indexOf('amount');
    const rows = await gridRows(page, GRID);
    const lineId = rows[1]!.line_id;

    await typeAt(page, amountCol, 1, '5000');
    await waitForWrites(page, GRID);
    const director = await ApiClient.login(current().url, 'director');
    const theirs = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '7777.00' }, expect: { amount: '5000.00' } }],
    });
    expect(theirs.status).toBe(200);
    const changesetsBefore = (await audit(lineId)).length;

    await page.keyboard.press('ControlOrMeta+z');
    await waitForWrites(page, GRID);
    const popover = await page.waitForSelector('[data-testid="cell-popover"][data-status="conflict"]');
    expect(await popover.textContent()).toContain('director');
    expect(await popover.textContent()).toContain('7,777.00');
    const toasts = await page.$$('[data-testid="toast"][data-tone="warning"]');
    expect(toasts).toHaveLength(1);
    expect(await amountOf(lineId)).toBe('7777.00');
    expect(await audit(lineId)).toHaveLength(changesetsBefore);
    await page.screenshot({ path: `${SHOTS}/undo-conflict-1440.png` });

    await page.click('[data-testid="conflict-theirs"]');
    await waitForWrites(page, GRID);
    expect(await amountOf(lineId)).toBe('7777.00');
    expect(await audit(lineId)).toHaveLength(changesetsBefore);
    expect(await page.$('[data-testid="cell-popover"]')).toBeNull();
  });

  it('keeping mine over a conflict writes my value, expecting theirs', { timeout: 120_000 }, async () => {
    const page = await openBudget('partner7');
    const amountCol = (await gridColumns(page, GRID)).indexOf('amount');
    const rows = await gridRows(page, GRID);
    const lineId = rows[3]!.line_id;
    const original = await amountOf(lineId);

    // partner7 starts typing; the director writes the same cell while the editor is open.
    const box = await cellBounds(page, GRID, amountCol, 3);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.type('6');
    const director = await ApiClient.login(current().url, 'director');
    const theirs = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '8888.00' }, expect: { amount: original } }],
    });
    expect(theirs.status).toBe(200);
    await page.keyboard.type('000');
    await page.keyboard.press('Enter');
    await waitForWrites(page, GRID);
    // The write expected the value the cell showed when the editor opened: a conflict, offered at the cell.
    const popover = await page.waitForSelector('[data-testid="cell-popover"][data-status="conflict"]');
    expect(await popover.textContent()).toContain('8,888.00');
    expect(await amountOf(lineId)).toBe('8888.00');

    await page.click('[data-testid="conflict-mine"]');
    await waitForWrites(page, GRID);
    expect(await amountOf(lineId)).toBe('6000.00');
    expect((await audit(lineId))[0]).toMatchObject({ username: 'partner7', old: '8888.00', new: '6000.00' });
    // Undo now puts back the director's value (the one it overwrote), expecting mine.
    await page.keyboard.press('ControlOrMeta+z');
    await waitForWrites(page, GRID);
    expect(await amountOf(lineId)).toBe('8888.00');
  });

  it('a refused edit shows one toast and its reason at the cell', { timeout: 120_000 }, async () => {
    const page = await openBudget('partner8');
    const amountCol = (await gridColumns(page, GRID)).indexOf('amount');
    const rows = await gridRows(page, GRID);
    const lineId = rows[4]!.line_id;
    const before = await amountOf(lineId);

    await typeAt(page, amountCol, 4, '60000000');
    await waitForWrites(page, GRID);
    const toast = await page.waitForSelector('[data-testid="toast"][data-tone="error"]');
    expect(await toast.textContent()).toContain('A budget amount is a number from 0 to 50,000,000.');
    expect(await page.$$('[data-testid="toast"]')).toHaveLength(1);
    await page.waitForSelector('[data-testid="grid-status"][data-state="error"]');
    // The message sits at the cell when it is selected.
    const box = await cellBounds(page, GRID, amountCol, 4);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popover = await page.waitForSelector('[data-testid="cell-popover"][data-status="error"]');
    expect(await popover.textContent()).toContain('50,000,000');
    expect(await amountOf(lineId)).toBe(before);
    await page.screenshot({ path: `${SHOTS}/refused-1440.png` });
  });

  it('the history panel keeps the edited row after sorting', { timeout: 120_000 }, async () => {
    const page = await openBudget('partner1');
    const columns = await gridColumns(page, GRID);
    const commentCol = columns.indexOf('comment');
    const rows = await gridRows(page, GRID);
    const lineId = rows[0]!.line_id;
    await typeAt(page, commentCol, 0, 'sorted later');
    await waitForWrites(page, GRID);
    await page.waitForSelector(`[data-testid="history-panel"] :text("line ${String(lineId)}")`);
    // Sort by amount (header click): the rows move under the selection.
    const header = await cellBounds(page, GRID, columns.indexOf('amount'), -1);
    await page.mouse.click(header.x + header.width / 2, header.y + header.height / 2);
    await page.waitForFunction(
      ([id, first]) =>
        String(
          (window as unknown as { __roundtripGrids: Record<string, { rows: () => Record<string, unknown>[] }> }).__roundtripGrids[id]!.rows()[0]?.line_id,
        ) !== String(first),
      [GRID, lineId] as const,
    );
    expect(await page.textContent('[data-testid="history-panel"] .history-header')).toContain(`line ${String(lineId)}`);
  });
});
