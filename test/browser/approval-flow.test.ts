import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';

// Real Chromium against the real server: a finance partner submits a 250,000 budget line from the
// form of the budget app; it routes to partner review, director and CFO. Another finance partner
// (partner2: approving does not depend on the rows one may read) approves the first level, the
// director and the CFO approve from their inboxes, and the submitter's dashboard shows the line.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-approvals';
// The form has no line number: the warehouse assigns it (the demo's budget_lines.line_id has a sequence).
const NEW_LINE = "comment = 'new trade fair'";
const AMOUNT_CENTS = 25_000_000;

const cents = (value: unknown) => Math.round(Number(value) * 100);

async function kpiCents(page: Page, id: string): Promise<number> {
  const handle = await page.waitForFunction((testId) => {
    const value = document.querySelector(`[data-testid="kpi-${testId}"]`)?.getAttribute('data-value');
    return value ? value : null;
  }, id);
  return cents(await handle.jsonValue());
}

/** Opens the request from the inbox, approves it and returns the outcome's text. */
async function approveFromInbox(page: Page, requestId: string): Promise<string> {
  await page.waitForSelector('[data-testid="approvals-badge"]');
  await page.click(`[data-testid="approval-row"][data-request-id="${requestId}"] [data-testid="approval-open"]`);
  await page.waitForSelector(`[data-testid="request-detail"][data-request-id="${requestId}"] [data-testid="action-approve"]`);
  await page.fill('[data-testid="action-comment"]', 'fine by me');
  await page.click('[data-testid="action-approve"]');
  const outcome = await page.waitForSelector('[data-testid="action-outcome"][data-outcome="ok"]');
  return (await outcome.textContent()) ?? '';
}

describe('approvals in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('a finance partner submits from a form, the approvers approve from their inboxes, the dashboard shows the line', { timeout: 240_000 }, async () => {
    const partner1 = await sessions.signIn(current().url, 'partner1', '#/budget/overview');
    const budgetBefore = await kpiCents(partner1, 'kpi-budget');

    // The form: required hints first, then a valid line.
    await partner1.click('a.nav-page:has-text("Submit budget line")');
    const form = '[data-testid="form-form-budget-line"]';
    await partner1.waitForSelector(form);
    await partner1.click('[data-testid="form-submit-form-budget-line"]');
    await partner1.waitForSelector(`${form} .field-error`);
    expect(await partner1.locator(`${form} .field-error`).count()).toBeGreaterThanOrEqual(4);

    await partner1.waitForSelector('[data-testid="form-field-entity_id"] option[value="E01"]', { state: 'attached' });
    await partner1.selectOption('[data-testid="form-field-entity_id"]', 'E01');
    await partner1.waitForSelector('[data-testid="form-field-account_id"] option[value="4000"]', { state: 'attached' });
    await partner1.selectOption('[data-testid="form-field-account_id"]', '4000');
    await partner1.fill('[data-testid="form-field-period"]', '2026-03');
    await partner1.fill('[data-testid="form-field-amount"]', '250000');
    await partner1.fill('[data-testid="form-field-comment"]', 'new trade fair');
    await partner1.click('[data-testid="form-submit-form-budget-line"]');
    const submitted = await partner1.waitForSelector('[data-testid="form-outcome"][data-outcome="submitted"]');
    expect(await submitted.textContent()).toContain('Submitted for approval: partner review → director → CFO (amount 250,000.00)');
    const requestId = (await submitted.getAttribute('data-request-id'))!;
    await partner1.screenshot({ path: `${SHOTS}/form-submitted.png`, fullPage: true });
    // Nothing is written before the last approval.
    expect(Number((await current().runtime.warehouse.query(`SELECT count(*) AS n FROM budget_lines WHERE ${NEW_LINE}`)).rows[0]!.n)).toBe(0);

    // The submitter follows it under My submissions; only someone else may approve.
    await partner1.click('[data-testid="nav-my-submissions"]');
    await partner1.waitForSelector(`[data-testid="approval-row"][data-request-id="${requestId}"] [data-status="pending"]`);

    const partner2 = await sessions.signIn(current().url, 'partner2', '#/~approvals');
    expect(await partner2.textContent('[data-testid="approvals-badge"]')).toBe('1');
    expect(await approveFromInbox(partner2, requestId)).toContain('now waiting for director');
    // The new line is E01's, which partner2 may not read: its value now is withheld; and once the
    // level is approved, the request is no longer partner2's to see.
    expect(await partner2.textContent('[data-testid="request-totals"]')).toContain('not visible to you');
    await partner2.waitForSelector('[data-testid="request-gone"]');
    // Each approver is done after one approval: closing their browser keeps the machine's load down.
    await partner2.context().close();

    const director = await sessions.signIn(current().url, 'director', '#/~approvals');
    await director.click(`[data-testid="approval-row"][data-request-id="${requestId}"] [data-testid="approval-open"]`);
    await director.waitForSelector('[data-testid="route-level"][data-level="partner_review"][data-state="approved"]');
    expect(await director.textContent('[data-testid="route-level"][data-level="partner_review"]')).toContain('✓ partner2');
    expect(await director.textContent('[data-testid="route-level"][data-level="director"]')).toContain('waiting');
    expect(await director.textContent('[data-testid="route-level"][data-level="cfo"]')).toContain('later');
    const amountCell = director.locator('[data-testid="diff-cell"][data-column="amount"] .diff-new');
    expect(await amountCell.textContent()).toBe('250,000.00');
    await director.screenshot({ path: `${SHOTS}/request-detail.png`, fullPage: true });
    await director.click('[data-testid="nav-approvals"]');
    expect(await approveFromInbox(director, requestId)).toContain('now waiting for CFO');
    await director.context().close();

    const cfo = await sessions.signIn(current().url, 'cfo', '#/~approvals');
    expect(await approveFromInbox(cfo, requestId)).toContain('Approved and applied');
    // The CFO's part is done once applied: the request is no longer theirs to see (no reviewers in the demo's visibleTo).
    await cfo.waitForSelector('[data-testid="request-gone"]');

    // The submitter's dashboard: the budget KPI moves by the line (live), the line is in the table.
    await partner1.click('a.nav-app:has-text("Budget")');
    await partner1.waitForFunction(
      ([before, delta]) => {
        const value = document.querySelector('[data-testid="kpi-kpi-budget"]')?.getAttribute('data-value');
        return value ? Math.abs(Math.round(Number(value) * 100) - (before as number)) === delta : false;
      },
      [budgetBefore, AMOUNT_CENTS] as const,
    );
    await partner1.screenshot({ path: `${SHOTS}/dashboard-applied.png`, fullPage: true });
    const { rows } = await current().runtime.warehouse.query(`SELECT line_id, entity_id, account_id, amount, comment FROM budget_lines WHERE ${NEW_LINE}`);
    expect(rows.map((r) => ({ ...r, amount: cents(r.amount) }))).toEqual([
      { line_id: expect.any(Number), entity_id: 'E01', account_id: '4000', amount: AMOUNT_CENTS, comment: 'new trade fair' },
    ]);
    expect(Number(rows[0]!.line_id)).toBeGreaterThan(2_000_000);
    await partner1.click('[data-testid="nav-my-submissions"]');
    await partner1.waitForSelector(`[data-testid="approval-row"][data-request-id="${requestId}"] [data-status="applied"]`);
    // The submitter always sees their request: applied, with every step.
    await partner1.click(`[data-testid="approval-row"][data-request-id="${requestId}"] [data-testid="approval-open"]`);
    await partner1.waitForSelector('[data-testid="request-detail"][data-status="applied"]');
    expect(await partner1.locator('[data-testid="request-steps"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual([
      'submit',
      'approve',
      'approve',
      'approve',
      'apply',
    ]);
    // Applied: the inserted row existing now is no warning, and the new row is named as such.
    expect(await partner1.locator('[data-testid="request-diff"] .diff-warning').count()).toBe(0);
    expect(await partner1.textContent('[data-testid="diff-row"] .diff-key')).toBe('new row (numbered when written)');
  });
});
