import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { useBrowserSuite } from './support/browser-suite.js';

// The form reads what people type the way the grid does: "150,000" is a number, a period is a
// month picked from a month picker, a date is typed as the grid shows it (YYYY-MM-DD). Mistakes
// are said at the field as soon as the person leaves it; option lists offer only rows they may use.

const FORM = '[data-testid="form-form-budget-line"]';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-forms';

describe('form inputs', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('accepts thousands separators and a month, flags a bad number on leaving the field, and offers only readable entities', { timeout: 120_000 }, async () => {
    const page = await sessions.signIn(current().url, 'partner2', '#/budget/submit');
    await page.waitForSelector(FORM);
    await page.waitForSelector('[data-testid="form-field-entity_id"] option[value="E06"]', { state: 'attached' });
    const entities = await page.$$eval('[data-testid="form-field-entity_id"] option', (options) =>
      options.map((o) => (o as HTMLOptionElement).value).filter(Boolean),
    );
    expect(entities).toEqual(['E06', 'E07', 'E08', 'E09', 'E10']);
    expect(await page.getAttribute('[data-testid="form-field-period"]', 'type')).toBe('month');

    await page.fill('[data-testid="form-field-amount"]', '1,25');
    await page.focus('[data-testid="form-field-comment"]');
    const error = await page.waitForSelector(`${FORM} .field-error`);
    expect(await error.textContent()).toContain('takes a number');
    expect(await page.getAttribute('[data-testid="form-field-amount"]', 'aria-invalid')).toBe('true');

    await page.selectOption('[data-testid="form-field-entity_id"]', 'E07');
    await page.waitForSelector('[data-testid="form-field-account_id"] option[value="6500"]', { state: 'attached' });
    await page.selectOption('[data-testid="form-field-account_id"]', '6500');
    await page.fill('[data-testid="form-field-period"]', '2026-09');
    await page.fill('[data-testid="form-field-amount"]', '150,000');
    await page.focus('[data-testid="form-field-comment"]');
    await page.waitForSelector(`${FORM} .field-error`, { state: 'detached' });
    await page.fill('[data-testid="form-field-comment"]', 'autumn campaign');
    await page.screenshot({ path: `${SHOTS}/form-filled.png`, fullPage: true });
    await page.click('[data-testid="form-submit-form-budget-line"]');
    const outcome = await page.waitForSelector('[data-testid="form-outcome"][data-outcome="submitted"]');
    expect(await outcome.textContent()).toContain('amount 150,000.00');
    const requestId = (await outcome.getAttribute('data-request-id'))!;

    const api = await ApiClient.login(current().url, 'partner2');
    const request = await api.request('GET', `/api/approvals/${requestId}`);
    expect(request.status).toBe(200);
    const cells = Object.fromEntries(request.body.changes[0].cells.map((c: { column: string; new: unknown }) => [c.column, c.new]));
    expect(cells).toMatchObject({ entity_id: 'E07', account_id: '6500', period: '2026-09-01', amount: '150000.00', comment: 'autumn campaign' });
  });
});
