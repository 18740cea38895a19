import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { useBrowserSuite } from './support/browser-suite.js';

// The budget's planning matrix (page Plan): accounts grouped by P&L line down, the months of a year
// across, per entity. Typed values land in their budget line; a value typed into a total is spread
// over the lines under it as one changeset; totals are sums of the warehouse's rows.

const MATRIX = '[data-testid="matrix-matrix-budget"]';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-matrix';
const YEAR_COL = 12;

describe('planning matrix', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  const sql = async (text: string, params: unknown[] = []) => (await current().runtime.warehouse.query(text, params)).rows;
  const amounts = async (entity: string, account: string) =>
    (
      await sql(
        "SELECT CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE entity_id = $1 AND account_id = $2 AND period >= DATE '2026-01-01' AND period < DATE '2027-01-01' ORDER BY period",
        [entity, account],
      )
    ).map((r) => String(r.amount));
  const cents = (amount: string) => Math.round(Number(amount) * 100);
  const sumCents = (values: string[]) => values.reduce((s, v) => s + cents(v), 0);
  const shown = (cents: number) => (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  async function openPlan(username: string, entity: string | null): Promise<Page> {
    const page = await sessions.signIn(current().url, username, '#/budget/plan');
    await page.waitForSelector(`${MATRIX} input`);
    if (entity) {
      const select = '[data-testid="filter-plan-entity"] select';
      const value = await page.$eval(
        select,
        (el, id) => [...(el as HTMLSelectElement).options].find((o) => o.textContent?.startsWith(`${id} `))?.value ?? '',
        entity,
      );
      await page.selectOption(select, value);
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    }
    return page;
  }

  const cell = (line: string, col: number) => `${MATRIX} tr[data-line="${line}"] input[data-c="${col}"]`;
  const valueAt = (page: Page, line: string, col: number) => page.$eval(cell(line, col), (el) => (el as HTMLInputElement).value);

  async function typeAt(page: Page, line: string, col: number, text: string) {
    await page.click(cell(line, col));
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  async function settled(page: Page) {
    await page.waitForFunction(
      () => !document.querySelector('.matrix-saving') && document.querySelector('[data-testid="matrix-status"]')?.getAttribute('data-state') !== 'saving',
    );
  }

  it('shows the year of one entity with totals that match the warehouse', { timeout: 120_000 }, async () => {
    const page = await openPlan('partner3', 'E11');
    const lines = await page.$$eval(`${MATRIX} tbody tr`, (rows) => rows.map((r) => `${r.getAttribute('data-line')}`));
    expect(lines.slice(0, 5)).toEqual(['m:4000', 'm:4100', 'm:4200', 'm:4300', 'g:Revenue']);
    expect(lines.at(-1)).toBe('total');
    expect(lines).toContain('g:Unmapped');
    const headers = await page.$$eval(`${MATRIX} thead th`, (ths) => ths.map((t) => t.textContent));
    expect(headers.slice(1, 3)).toEqual(['Jan 2026', 'Feb 2026']);
    expect(headers.at(-1)).toBe('Total');

    const product = await amounts('E11', '4000');
    expect(product).toHaveLength(12);
    expect(await valueAt(page, 'm:4000', 0)).toBe(shown(cents(product[0]!)));
    expect(await valueAt(page, 'm:4000', YEAR_COL)).toBe(shown(sumCents(product)));
    const [all] = await sql(
      "SELECT CAST(sum(amount) AS VARCHAR) AS total FROM budget_lines WHERE entity_id = 'E11' AND period >= DATE '2026-01-01' AND period < DATE '2027-01-01'",
    );
    expect(await valueAt(page, 'total', YEAR_COL)).toBe(shown(cents(String(all!.total))));
    await page.screenshot({ path: `${SHOTS}/matrix-1440.png`, fullPage: true });
  });

  it('stores a typed month exactly, and spreads a typed year total over the twelve months as one changeset', { timeout: 120_000 }, async () => {
    const page = await openPlan('partner3', 'E12');
    await typeAt(page, 'm:4000', 2, '123456.78');
    await expect.poll(async () => (await amounts('E12', '4000'))[2]).toBe('123456.78');

    const before = await amounts('E12', '4100');
    await typeAt(page, 'm:4100', YEAR_COL, '1,200,000');
    await expect.poll(async () => sumCents(await amounts('E12', '4100'))).toBe(120_000_000);
    await settled(page);
    const after = await amounts('E12', '4100');
    // In proportion to the months as they were: the largest month stays the largest.
    const largest = (values: string[]) => values.indexOf(values.reduce((a, b) => (cents(b) > cents(a) ? b : a)));
    expect(largest(after)).toBe(largest(before));
    const schema = current().runtime.current().config.audit.schema;
    const [changeset] = await sql(
      `SELECT c.reason, count(*) AS cells FROM "${schema}".changesets c JOIN "${schema}".cell_changes cc USING (changeset_id)
       WHERE c.username = 'partner3' GROUP BY c.changeset_id, c.reason, c.committed_at ORDER BY c.committed_at DESC LIMIT 1`,
    );
    expect(Number(changeset!.cells)).toBe(after.filter((v, i) => v !== before[i]).length);
    expect(String(changeset!.reason)).toMatch(/^Spread 1,200,000\.00 over \d+ cells \(in proportion\)$/);
    await page.waitForFunction(
      ([selector, text]) => (document.querySelector(selector!) as HTMLInputElement | null)?.value === text,
      [cell('m:4100', YEAR_COL), '1,200,000.00'],
    );
    // The Revenue subtotal and the grand total recomputed from the rows.
    const revenue = (await Promise.all(['4000', '4100', '4200', '4300'].map((a) => amounts('E12', a)))).flat();
    expect(await valueAt(page, 'g:Revenue', YEAR_COL)).toBe(shown(sumCents(revenue)));
  });

  it('spreads a subtotal over its accounts, and a month total over entities when no entity is chosen', { timeout: 120_000 }, async () => {
    const page = await openPlan('partner3', 'E13');
    await typeAt(page, 'g:Cost of sales', 0, '300000');
    await expect.poll(async () => sumCents((await Promise.all(['5000', '5100', '5200'].map((a) => amounts('E13', a)))).map((v) => v[0]!))).toBe(30_000_000);

    // All of partner3's entities (E11 to E15): one cell is five budget lines.
    const all = await openPlan('partner3', null);
    await typeAt(all, 'm:6900', 5, '5000');
    await expect
      .poll(async () => {
        const rows = await sql(
          "SELECT CAST(sum(amount) AS VARCHAR) AS total, count(*) AS n FROM budget_lines WHERE account_id = '6900' AND period = DATE '2026-06-01' AND entity_id IN ('E11','E12','E13','E14','E15')",
        );
        return `${rows[0]!.total}/${rows[0]!.n}`;
      })
      .toBe('5000.00/5');
  });

  it('stores exactly what is typed at full speed into cells that were not selected', { timeout: 180_000 }, async () => {
    const page = await openPlan('partner4', 'E16');
    const accounts = ['6000', '6100', '6200', '6300', '6400'];
    const typed = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      const account = accounts[i % accounts.length]!;
      const month = (i * 5) % 12;
      const value = `${1000 + ((i * 7919) % 90000)}.${String((i * 37) % 100).padStart(2, '0')}`;
      await page.click(cell(`m:${account}`, month));
      await page.keyboard.type(value, { delay: 0 });
      await page.keyboard.press('Tab');
      typed.set(`${account}|${month}`, value);
    }
    await settled(page);
    const mismatches: string[] = [];
    for (const [where, value] of typed) {
      const [account, month] = where.split('|');
      await expect.poll(async () => (await amounts('E16', account!))[Number(month)]).toBe(value);
      if ((await amounts('E16', account!))[Number(month)] !== value) mismatches.push(where);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a value the rules forbid at the cell, and writes nothing', { timeout: 120_000 }, async () => {
    const page = await openPlan('partner4', 'E17');
    const before = await amounts('E17', '6400');
    await typeAt(page, 'm:6400', 3, '-5');
    const error = await page.waitForSelector(`${MATRIX} .matrix-cell-error`);
    expect(await error.textContent()).toContain('0 to 50,000,000');
    expect(await page.$eval(cell('m:6400', 3), (el) => el.className)).toContain('matrix-error');
    await typeAt(page, 'm:6400', 4, '12,5');
    await page.waitForSelector(`${MATRIX} .matrix-cell-error:text("is not one")`);
    expect(await amounts('E17', '6400')).toEqual(before);
  });

  it('locks a month a director closes, live, and spreads a year total over the open months only', { timeout: 120_000 }, async () => {
    const page = await openPlan('partner4', 'E19');
    const before = await amounts('E19', '6500');
    const director = await ApiClient.login(current().url, 'director');
    const closed = await director.changeset('budget', 'closed_periods', {
      changes: [{ op: 'insert', values: { period: '2026-01-01', note: 'January closed' } }],
    });
    expect(closed.status).toBe(200);
    // The partner's matrix reads its lines again: January is locked, with the lock's message.
    const january = await page.waitForSelector(`${cell('m:6500', 0)}.matrix-locked`);
    expect(await january.getAttribute('title')).toBe('Locked: The month is closed; a director reopens it on the Plan page.');
    expect(await january.getAttribute('readonly')).not.toBeNull();
    expect(await page.$eval(cell('m:6500', 1), (el) => el.className)).not.toContain('matrix-locked');

    await typeAt(page, 'm:6500', YEAR_COL, '240000');
    await expect.poll(async () => sumCents(await amounts('E19', '6500'))).toBe(24_000_000);
    const after = await amounts('E19', '6500');
    expect(after[0]).toBe(before[0]);
    expect(after.slice(1).every((v, i) => v !== before[i + 1])).toBe(true);
    await page.screenshot({ path: `${SHOTS}/matrix-closed-month.png` });
    const reopened = await director.changeset('budget', 'closed_periods', { changes: [{ op: 'delete', key: { period: '2026-01-01' }, expect: {} }] });
    expect(reopened.status).toBe(200);
    await page.waitForFunction((selector) => !document.querySelector(selector)?.classList.contains('matrix-locked'), cell('m:6500', 0));
  });

  it('shows locked cells to a reader who may not change them, and another person’s change live with a name', { timeout: 120_000 }, async () => {
    const viewer = await openPlan('viewer', 'E18');
    const input = await viewer.waitForSelector(cell('m:4000', 0));
    expect(await input.getAttribute('readonly')).not.toBeNull();
    expect(await input.getAttribute('class')).toContain('matrix-locked');
    expect(await input.getAttribute('title')).toMatch(/^Locked/);
    const before = await amounts('E18', '4000');
    await input.click();
    await viewer.keyboard.type('999');
    await viewer.keyboard.press('Enter');
    expect(await amounts('E18', '4000')).toEqual(before);

    const partner = await ApiClient.login(current().url, 'partner4');
    const [line] = await sql(
      "SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE entity_id = 'E18' AND account_id = '4000' AND period = DATE '2026-01-01'",
    );
    const written = await partner.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: line!.line_id }, set: { amount: '777777.00' }, expect: { amount: line!.amount } }],
    });
    expect(written.status).toBe(200);
    await viewer.waitForFunction(([selector]) => (document.querySelector(selector!) as HTMLInputElement | null)?.value === '777,777.00', [cell('m:4000', 0)]);
    const flashed = await viewer.waitForSelector(`${cell('m:4000', 0)}.matrix-flash`);
    expect(await flashed.getAttribute('title')).toBe('Changed by partner4');
    const after = await amounts('E18', '4000');
    expect(await valueAt(viewer, 'm:4000', YEAR_COL)).toBe(shown(sumCents(after)));
    await viewer.setViewportSize({ width: 390, height: 844 });
    await viewer.screenshot({ path: `${SHOTS}/matrix-390.png` });
    const scrolls = await viewer.$eval(
      `${MATRIX}`,
      (table) => (table.parentElement as HTMLElement).scrollWidth > (table.parentElement as HTMLElement).clientWidth,
    );
    expect(scrolls).toBe(true);
  });
});
