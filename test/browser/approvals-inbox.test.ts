import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { budgetAmount } from '../support/warehouse-probe.js';
import { useBrowserSuite } from './support/browser-suite.js';

// Real Chromium against the real server: the director keeps the approvals inbox open; a finance
// partner submits a change to budget line 5 (E01) and another partner approves the first level.
// The director's inbox and badge show it without a reload, with the row in business terms; the
// open request follows what others do; at phone width every request stays usable.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-approvals-inbox';
const SUBMIT = '/api/apps/budget/tables/budget_lines/submissions';

describe('the approvals inbox in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('updates live for the director and reads like a product', { timeout: 180_000 }, async () => {
    const url = current().url;
    const director = await sessions.signIn(url, 'director', '#/~approvals');
    await director.waitForSelector('[data-testid="approvals-empty"]');
    // A marker that a reload would wipe.
    await director.evaluate(() => Object.assign(window, { stillHere: true }));

    const [partner1, partner2] = await Promise.all([ApiClient.login(url, 'partner1'), ApiClient.login(url, 'partner2')]);
    const old = await budgetAmount(current().runtime, 5);
    const submitted = await partner1!.request('POST', SUBMIT, {
      changes: [{ op: 'update', key: { line_id: 5 }, set: { amount: '42000.00' }, expect: { amount: old } }],
      reason: 'trade fair',
    });
    expect(submitted.status).toBe(202);
    const requestId = submitted.body.requestId as string;
    expect((await partner2!.request('POST', `/api/approvals/${requestId}/approve`, {})).status).toBe(200);

    const row = `[data-testid="approval-row"][data-request-id="${requestId}"]`;
    await director.waitForSelector(row);
    expect(await director.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await director.waitForFunction(() => document.querySelector('[data-testid="approvals-badge"]')?.textContent === '1');

    const { rows } = await current().runtime.warehouse.query('SELECT entity_id, account_id, comment FROM budget_lines WHERE line_id = 5');
    const line = rows[0]!;
    const preview = director.locator(`${row} [data-testid="approval-preview"]`);
    expect(await preview.getAttribute('data-visible')).toBe('true');
    expect(await preview.locator('[data-column="entity_id"]').textContent()).toBe(`Entity ${line.entity_id}`);
    expect(await preview.locator('[data-column="account_id"]').textContent()).toBe(`Account ${line.account_id}`);
    expect(await preview.locator('[data-column="period"]').textContent()).toMatch(/^Period 20\d\d-\d\d/);
    expect(await preview.locator('[data-column="comment"]').textContent()).toBe(`Comment ${line.comment || '—'}`);
    expect(await preview.locator('.approval-preview-change[data-column="amount"] .diff-new').textContent()).toBe('42,000.00');
    expect(await director.textContent(`${row} [data-testid="approval-submitter"]`)).toBe('Finance Partner 1');
    const age = director.locator(`${row} [data-testid="approval-age"] time`);
    expect(await age.textContent()).toMatch(/just now|ago/);
    expect(await age.getAttribute('title')).toMatch(/\d{4}/);
    expect(await director.textContent(`${row} [data-testid="approval-waiting"]`)).toBe('Director · Finance director');
    expect(await director.textContent(row)).toContain('Budget · Budget lines');
    expect(await director.textContent(row)).not.toContain('budget_lines');
    await director.screenshot({ path: `${SHOTS}/inbox.png`, fullPage: true });

    // Someone changes the line meanwhile: the detail says so in words, with the grid's number format.
    const directorApi = await ApiClient.login(url, 'director');
    const edited = await directorApi!.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 5 }, set: { amount: '12345.00' }, expect: { amount: old } }],
    });
    expect(edited.status).toBe(200);
    await director.click(`${row} [data-testid="approval-open"]`);
    await director.waitForSelector(`[data-testid="request-detail"][data-request-id="${requestId}"] [data-testid="action-approve"]`);
    expect(await director.textContent('[data-testid="request-detail"] .page-title')).toBe('Budget · Budget lines');
    const cell = director.locator('[data-testid="diff-cell"][data-column="amount"]');
    expect(await cell.locator('[data-testid="changed-since"]').textContent()).toBe(' · Current value 12,345.00 (changed since submitted)');
    expect(await cell.textContent()).not.toMatch(/· now /);
    await director.screenshot({ path: `${SHOTS}/detail.png`, fullPage: true });

    // The submitter withdraws it: the open request follows at once (it is no longer the director's to see).
    expect((await partner1!.request('POST', `/api/approvals/${requestId}/withdraw`, {})).status).toBe(200);
    await director.waitForSelector('[data-testid="request-gone"]');
    await director.waitForFunction(() => !document.querySelector('[data-testid="approvals-badge"]'));
  });

  it('keeps every request usable at 390 px wide', { timeout: 120_000 }, async () => {
    const url = current().url;
    const [partner1, partner2] = await Promise.all([ApiClient.login(url, 'partner1'), ApiClient.login(url, 'partner2')]);
    const submitted = await partner1!.request('POST', SUBMIT, {
      changes: [{ op: 'update', key: { line_id: 4 }, set: { amount: '43000.00' }, expect: { amount: await budgetAmount(current().runtime, 4) } }],
    });
    expect(submitted.status).toBe(202);
    expect((await partner2!.request('POST', `/api/approvals/${submitted.body.requestId}/approve`, {})).status).toBe(200);
    const director = await sessions.signIn(url, 'director', '#/~approvals');
    await director.setViewportSize({ width: 390, height: 844 });
    const row = director.locator(`[data-testid="approval-row"][data-request-id="${submitted.body.requestId}"]`);
    await row.waitFor();
    const card = (await row.boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(0);
    expect(card.x + card.width).toBeLessThanOrEqual(390);
    for (const part of [
      row.locator('input[type="checkbox"]'),
      row.locator('[data-testid="approval-open"]'),
      director.locator('[data-testid="approve-selected"]'),
    ]) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await director.screenshot({ path: `${SHOTS}/inbox-390.png`, fullPage: true });
    await row.locator('[data-testid="approval-open"]').click();
    const approve = director.locator('[data-testid="action-approve"]');
    await approve.waitFor();
    const button = (await approve.boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(390);
    await director.screenshot({ path: `${SHOTS}/detail-390.png`, fullPage: true });
  });
});
