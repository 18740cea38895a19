import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { WAIT_MS } from './support/chromium.js';

// Real Chromium against the real server: an admin raises the director's threshold in the rules
// editor, sees where a sample submission would now go and the change to the YAML file, and saves.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-rules-editor';
const OLD_LINE = '        - { name: director, roles: [finance_director], when: "amount >= 25000.0" }';
const NEW_LINE = '        - { name: director, roles: [finance_director], when: "amount >= 50000.0" }';

describe('rules editor in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('raises the director threshold, previews the new route and saves it into the file', { timeout: 120_000 }, async () => {
    const file = join(current().projectDir, 'apps/budget.yaml');
    expect(readFileSync(file, 'utf8')).toContain(OLD_LINE);
    const admin = await sessions.signIn(current().url, 'admin', '#/~rules-editor');
    const threshold = admin.locator('[data-testid="level-director"] [data-testid="level-threshold"]');
    await threshold.waitFor({ timeout: WAIT_MS });
    expect(await threshold.inputValue()).toBe('25000');

    await threshold.fill('50000');
    await admin.locator('[data-testid="sample-amount"]').fill('30000');
    await admin.locator('[data-testid="rules-preview"]').click();
    const route = admin.locator('[data-testid="preview-route"]');
    await route.waitFor({ timeout: WAIT_MS });
    expect(await route.textContent()).toContain('A submission of 30,000 would route to: partner review (now: partner review → director)');
    const diff = (await admin.locator('[data-testid="preview-diff"]').textContent()) ?? '';
    expect(diff).toContain(`-${OLD_LINE}`);
    expect(diff).toContain(`+${NEW_LINE}`);
    expect(await admin.locator('.yaml-diff .diff-add').count()).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain(OLD_LINE);
    await admin.screenshot({ path: join(SHOTS, 'rules-editor-preview.png'), fullPage: true });

    await admin.locator('[data-testid="rules-save"]').click();
    await admin.locator('[data-testid="rules-saved"]').waitFor({ timeout: WAIT_MS });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(NEW_LINE);
    expect(text).not.toContain(OLD_LINE);
    expect(current().runtime.current().apps.get('budget')!.config.tables.budget_lines!.approvals!.levels[1]!.when).toBe('amount >= 50000.0');
    // The reloaded definition shows the saved threshold and nothing left to save.
    await admin.waitForFunction(() => document.querySelector('.rules-editor-preview')?.textContent?.includes('No unsaved changes.'), undefined, {
      timeout: WAIT_MS,
    });
    expect(await threshold.inputValue()).toBe('50000');
  });

  it('edits an action step, shows the issue of an added sql step, and saves the step edit', { timeout: 120_000 }, async () => {
    const file = join(current().projectDir, 'apps/budget.yaml');
    const message = 'Only the finance director or an admin may remap the P&L.';
    const admin = await sessions.signIn(current().url, 'admin', '#/~rules-editor');
    const action = admin.locator('[data-testid="action-map_fx_to_finance"]');
    const messageInput = action.locator('[data-testid="step-message"]').first();
    await messageInput.waitFor({ timeout: WAIT_MS });
    await messageInput.fill(message);

    const steps = await action.locator('.action-step').count();
    await action.locator('[data-testid="add-step-type"]').selectOption('sql');
    await action.locator('[data-testid="add-step"]').click();
    await action.locator(`[data-testid="step-${steps}"] [data-testid="step-sql"]`).fill('CALL recalc_plan(:entity)');
    await admin.locator('[data-testid="rules-preview"]').click();
    const issues = admin.locator('[data-testid="preview-issues"]');
    await issues.waitFor({ timeout: WAIT_MS });
    expect(await issues.textContent()).toContain(`actions.map_fx_to_finance.steps.${steps}.sql`);
    expect(await issues.textContent()).toContain(':entity is not declared');
    await admin.screenshot({ path: join(SHOTS, 'rules-editor-action-issue.png'), fullPage: true });

    await action.locator(`[aria-label="Remove step ${steps + 1}"]`).click();
    await admin.locator('[data-testid="rules-preview"]').click();
    const diff = admin.locator('[data-testid="preview-diff"]');
    await diff.waitFor({ timeout: WAIT_MS });
    expect(await diff.textContent()).toContain(`+        message: ${message}`);
    expect(await admin.locator('[data-testid="preview-issues"]').count()).toBe(0);

    await admin.locator('[data-testid="rules-save"]').click();
    await admin.locator('[data-testid="rules-saved"]').waitFor({ timeout: WAIT_MS });
    expect(readFileSync(file, 'utf8')).toContain(`        message: ${message}\n`);
  });
});
