import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { cellBounds, gridColumns, gridExtra, gridRowCount, openGridPage, type ProbeWindow, waitForWrites } from './support/grid-probe.js';

// Large work in the grid: all 19,200 budget lines scroll in one grid (rows fetched in blocks as they
// come into view), search and column filters run in the warehouse, the totals row is the warehouse's
// sum over every selected row, and a paste of 2,000 × 5 cells or a fill is ONE changeset.

const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-grid';

type Totals = { totals: { column: string; fn: string; value: unknown }[] | null; total: number | null };

describe('large work in the grid', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  const openBudget = (username: string): Promise<Page> => openGridPage(sessions, current().url, username, GRID);

  async function sql(text: string, params: unknown[] = []) {
    return (await current().runtime.warehouse.query(text, params)).rows;
  }

  async function waitForTotal(page: Page, count: number) {
    await page.waitForFunction(
      ([id, n]) => {
        const extra = (window as ProbeWindow).__roundtripGrids?.[id as string]?.extra() as Totals | undefined;
        return extra?.total === n;
      },
      [GRID, count] as const,
    );
  }

  it('scrolls through every row, fetching blocks as they come into view, with warehouse totals', { timeout: 120_000 }, async () => {
    const requests: { limit: number; offset: number }[] = [];
    const page = await openBudget('director');
    page.on('request', (request: Request) => {
      if (!request.url().endsWith('/datasets/budget_lines/query')) return;
      const body = JSON.parse(request.postData() ?? '{}') as { limit?: number; offset?: number };
      requests.push({ limit: body.limit ?? 0, offset: body.offset ?? 0 });
    });
    expect(await gridRowCount(page, GRID)).toBe(19_200);
    const { n, s } = ((await sql('SELECT count(*) AS n, CAST(sum(amount) AS VARCHAR) AS s FROM budget_lines')) as { n: unknown; s: string }[])[0]!;
    expect(Number(n)).toBe(19_200);
    const extra = await gridExtra<Totals>(page, GRID);
    expect(extra.totals?.find((t) => t.column === 'amount')?.value).toBe(s);

    await page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.scrollTo(0, 15_000), GRID);
    await page.waitForFunction((id) => (window as ProbeWindow).__roundtripGrids![id]!.rowAt(15_000) !== null, GRID);
    const row = await page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.rowAt(15_000), GRID);
    expect(row?.line_id).toBe(15_001);
    // Only the blocks around what is on screen were read, never the table.
    expect(requests.length).toBeGreaterThan(0);
    expect(Math.max(...requests.map((r) => r.limit))).toBeLessThanOrEqual(100);
    expect(requests.filter((r) => r.limit > 1).every((r) => r.offset >= 14_800 && r.offset <= 15_200)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/grid-scrolled-1440.png` });
  });

  it('searches and filters in the warehouse; the totals follow', { timeout: 120_000 }, async () => {
    const page = await openBudget('partner2');
    await page.fill('[data-testid="grid-search"]', 'e07');
    const { n, s } = (
      (await sql("SELECT count(*) AS n, CAST(sum(amount) AS VARCHAR) AS s FROM budget_lines WHERE entity_id = 'E07'")) as { n: unknown; s: string }[]
    )[0]!;
    await waitForTotal(page, Number(n));
    expect((await gridExtra<Totals>(page, GRID)).totals?.[0]?.value).toBe(s);

    // A column filter from the header menu: amount ≥ 500,000, on top of the search.
    const columns = await gridColumns(page, GRID);
    const header = await cellBounds(page, GRID, columns.indexOf('amount'), -1);
    await page.mouse.click(header.x + header.width - 12, header.y + header.height / 2);
    await page.waitForSelector('[data-testid="column-menu"]');
    await page.selectOption('[data-testid="column-filter-op"]', 'gte');
    await page.fill('[data-testid="column-filter-value"]', '500,000');
    await page.click('[data-testid="column-filter-apply"]');
    const [filtered] = (await sql(
      "SELECT count(*) AS n, CAST(sum(amount) AS VARCHAR) AS s FROM budget_lines WHERE entity_id = 'E07' AND amount >= 500000",
    )) as { n: unknown; s: string }[];
    await waitForTotal(page, Number(filtered!.n));
    expect((await gridExtra<Totals>(page, GRID)).totals?.[0]?.value).toBe(filtered!.s);
    expect(await page.textContent('[data-testid="grid-filter-chip"]')).toContain('Amount ≥ 500,000');
    await page.screenshot({ path: `${SHOTS}/grid-filtered-1440.png` });

    // Removing both shows partner2's lines again (their read policy: E06–E10).
    await page.click('[data-testid="grid-filter-chip"] button');
    await page.fill('[data-testid="grid-search"]', '');
    const [all] = (await sql("SELECT count(*) AS n FROM budget_lines WHERE entity_id IN ('E06','E07','E08','E09','E10')")) as { n: unknown }[];
    await waitForTotal(page, Number(all!.n));
  });

  it('pastes a 2,000 × 5 block as one changeset, with progress while it reads and saves', { timeout: 240_000 }, async () => {
    const page = await openBudget('director');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: current().url });
    const columns = await gridColumns(page, GRID);
    const first = columns.indexOf('entity_id');
    expect(columns.slice(first, first + 5)).toEqual(['entity_id', 'account_id', 'period', 'amount', 'comment']);

    // Values from lines 2,001–4,000 (other entities, accounts, months), new amounts and comments.
    const source = (await sql(
      'SELECT entity_id, account_id, CAST(period AS VARCHAR) AS period FROM budget_lines WHERE line_id > 2000 AND line_id <= 4000 ORDER BY line_id',
    )) as { entity_id: string; account_id: string; period: string }[];
    const block = source.map((r, i) => [
      r.entity_id,
      r.account_id,
      r.period,
      `${(1000 + i).toLocaleString('en-US')}.${String(i % 100).padStart(2, '0')}`,
      `pasted ${i}`,
    ]);
    const text = `${block.map((cells) => cells.join('\t')).join('\r\n')}\r\n`;
    const schema = current().runtime.current().config.audit.schema;
    const [before] = (await sql(`SELECT count(*) AS n FROM "${schema}".changesets`)) as { n: unknown }[];

    const at = await cellBounds(page, GRID, first, 0);
    await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    const sawProgress = page.waitForSelector('[data-testid="grid-progress"]', { timeout: 30_000 });
    const sawToast = page.waitForSelector('[data-testid="toast"][data-tone="success"]', { timeout: 120_000 });
    const started = Date.now();
    await page.keyboard.press('ControlOrMeta+v');
    await sawProgress;
    await page.screenshot({ path: `${SHOTS}/grid-paste-progress-1440.png` });
    await page.waitForSelector('[data-testid="grid-progress"]', { state: 'detached', timeout: 120_000 });
    await waitForWrites(page, GRID);
    console.log(`paste of 2,000 × 5 cells: ${Date.now() - started} ms from Ctrl+V to saved (rows read, one changeset written)`);

    const [after] = (await sql(`SELECT count(*) AS n FROM "${schema}".changesets`)) as { n: unknown }[];
    expect(Number(after!.n) - Number(before!.n)).toBe(1);
    const [changeset] = (await sql(
      `SELECT c.changeset_id, c.username, c.updated, (SELECT count(*) FROM "${schema}".cell_changes cc WHERE cc.changeset_id = c.changeset_id) AS cells
       FROM "${schema}".changesets c ORDER BY c.committed_at DESC, c.changeset_id DESC LIMIT 1`,
    )) as { username: string; updated: unknown; cells: unknown }[];
    expect(changeset).toMatchObject({ username: 'director' });
    expect(Number(changeset!.updated)).toBe(2_000);
    expect(Number(changeset!.cells)).toBe(10_000);
    const stored = (await sql(
      'SELECT entity_id, account_id, CAST(period AS VARCHAR) AS period, CAST(amount AS VARCHAR) AS amount, comment FROM budget_lines WHERE line_id <= 2000 ORDER BY line_id',
    )) as Record<string, string>[];
    const mismatches = stored.filter((r, i) => {
      const want = block[i]!;
      return r.entity_id !== want[0] || r.account_id !== want[1] || r.period !== want[2] || r.amount !== want[3]!.replace(/,/g, '') || r.comment !== want[4];
    });
    expect(mismatches).toEqual([]);
    expect(await (await sawToast).textContent()).toContain('Paste: 10,000 cells saved');
  });

  it('fills down with Ctrl+D and with the fill handle, each as one changeset', { timeout: 120_000 }, async () => {
    const page = await openBudget('partner3');
    const columns = await gridColumns(page, GRID);
    const commentCol = columns.indexOf('comment');
    const amountCol = columns.indexOf('amount');
    const rows = await page.evaluate((id) => (window as ProbeWindow).__roundtripGrids![id]!.rows().slice(0, 12), GRID);
    const ids = rows.map((r) => Number(r.line_id));
    const schema = current().runtime.current().config.audit.schema;
    const changesets = async () => Number(((await sql(`SELECT count(*) AS n FROM "${schema}".changesets`)) as { n: unknown }[])[0]!.n);

    // Ctrl+D: type in the first cell, select it and five below, fill.
    let at = await cellBounds(page, GRID, commentCol, 0);
    await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    await page.keyboard.type('filled');
    await page.keyboard.press('Enter');
    await waitForWrites(page, GRID);
    const beforeFill = await changesets();
    await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    const end = await cellBounds(page, GRID, commentCol, 5);
    await page.keyboard.down('Shift');
    await page.mouse.click(end.x + end.width / 2, end.y + end.height / 2);
    await page.keyboard.up('Shift');
    await page.keyboard.press('ControlOrMeta+d');
    await waitForWrites(page, GRID);
    expect(await changesets()).toBe(beforeFill + 1);
    const comments = (await sql(`SELECT comment FROM budget_lines WHERE line_id IN (${ids.slice(0, 6).join(',')}) ORDER BY line_id`)) as {
      comment: string;
    }[];
    expect(comments.map((c) => c.comment)).toEqual(Array(6).fill('filled'));

    // The fill handle: drag the selected amount's corner down three rows.
    const source = ((await sql('SELECT CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE line_id = $1', [ids[7]])) as { amount: string }[])[0]!.amount;
    at = await cellBounds(page, GRID, amountCol, 7);
    await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    const target = await cellBounds(page, GRID, amountCol, 10);
    await page.mouse.move(at.x + at.width - 2, at.y + at.height - 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width - 4, target.y + target.height / 2, { steps: 8 });
    await page.mouse.up();
    await waitForWrites(page, GRID);
    expect(await changesets()).toBe(beforeFill + 2);
    const amounts = (await sql(`SELECT CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE line_id IN (${ids.slice(8, 11).join(',')})`)) as {
      amount: string;
    }[];
    expect(amounts.map((a) => a.amount)).toEqual([source, source, source]);
  });
});
