import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { budgetAmount } from '../support/warehouse-probe.js';
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

  it("lists the threshold change in admin changes as a few lines: the level's old and new condition, collapsed to a summary", {
    timeout: 120_000,
  }, async () => {
    // Runs after the save above, which audited the budget app.
    const admin = await sessions.signIn(current().url, 'admin', '#/~admin-changes');
    const row = admin.locator('[data-testid="admin-change"]', { hasText: 'budget' }).first();
    await row.waitFor({ timeout: WAIT_MS });
    const summary = row.locator('[data-testid="diff-summary"]');
    expect(await summary.textContent()).toContain('1 line changed in tables.budget_lines.approvals');
    expect(await row.locator('[data-testid="line-diff"]').count()).toBe(0);
    expect((await row.boundingBox())!.height).toBeLessThan(120);

    await summary.click();
    const diff = row.locator('[data-testid="line-diff"]');
    await diff.waitFor({ timeout: WAIT_MS });
    expect(await diff.locator('.line-del').allTextContents()).toEqual([expect.stringContaining('when: amount >= 25000.0')]);
    expect(await diff.locator('.line-add').allTextContents()).toEqual([expect.stringContaining('when: amount >= 50000.0')]);
    expect((await row.boundingBox())!.height).toBeLessThan(400);
    expect(await diff.locator('.line-same').count()).toBeLessThanOrEqual(4);
    await admin.screenshot({ path: join(SHOTS, 'admin-changes-threshold.png'), fullPage: true });
  });

  it('flags min 0 / max −1 at the rule, refuses the save with the message, keeps the file and the rule in effect', { timeout: 120_000 }, async () => {
    const file = join(current().projectDir, 'apps/budget.yaml');
    const before = readFileSync(file, 'utf8');
    const admin = await sessions.signIn(current().url, 'admin', '#/~rules-editor');
    const rule = admin.locator('[data-testid="validation-rules"] [data-testid="rule-0"]');
    const max = rule.locator('[data-testid="rule-max"]');
    await max.waitFor({ timeout: WAIT_MS });
    expect(await rule.locator('[data-testid="rule-min"]').inputValue()).toBe('0');
    await max.fill('-1');

    // Saved without a preview: the server refuses and says what to fix, next to the rule.
    await admin.locator('[data-testid="rules-save"]').click();
    const fieldIssue = rule.locator('[data-testid="field-issues"]');
    await fieldIssue.waitFor({ timeout: WAIT_MS });
    expect(await fieldIssue.textContent()).toContain("max (−1) is below min (0): no value of 'amount' can pass; raise max or lower min");
    expect(await admin.locator('[data-testid="rules-saved"]').count()).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);

    await admin.locator('[data-testid="rules-preview"]').click();
    // The preview panel's list (the save refusal's own list is replaced when the preview arrives).
    const issues = admin.locator('[data-testid="definition-preview"] [data-testid="preview-issues"]');
    await issues.waitFor({ timeout: WAIT_MS });
    expect(await issues.textContent()).toContain('tables.budget_lines.rules.0.max');
    expect(await admin.locator('[data-testid="rules-save"]').isDisabled()).toBe(true);
    expect(await rule.locator('[data-testid="field-issues"]').textContent()).toContain('max (−1) is below min (0)');
    await admin.screenshot({ path: join(SHOTS, 'rules-editor-contradiction.png'), fullPage: true });

    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(current().runtime.current().apps.get('budget')!.config.tables.budget_lines!.rules[0]).toMatchObject({ min: 0, max: 50000000 });
    // Writes behave as before: an amount of 0 is accepted.
    const partner = await ApiClient.login(current().url, 'partner1');
    const written = await partner.request('POST', '/api/apps/budget/tables/budget_lines/changesets', {
      changes: [{ op: 'update', key: { line_id: 1 }, set: { amount: '0' }, expect: { amount: await budgetAmount(current().runtime, 1) } }],
    });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(Number(await budgetAmount(current().runtime, 1))).toBe(0);
  });

  it('keeps the diff pane inside its box at 1440, 1024 and 390 px, however long the lines', { timeout: 120_000 }, async () => {
    const admin = await sessions.signIn(current().url, 'admin', '#/~rules-editor');
    const message = admin.locator('[data-testid="validation-rules"] [data-testid="rule-0"] input[placeholder="default message"]');
    await message.waitFor({ timeout: WAIT_MS });
    await message.fill(`A budget amount ${'is a number from 0 to 50,000,000 and nothing else '.repeat(8)}`);
    await admin.locator('[data-testid="rules-preview"]').click();
    const diff = admin.locator('[data-testid="preview-diff"]');
    await diff.waitFor({ timeout: WAIT_MS });
    for (const width of [1440, 1024, 390]) {
      await admin.setViewportSize({ width, height: 900 });
      const box = await diff.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
      expect(box.scroll, `diff at ${width}px`).toBeLessThanOrEqual(box.client);
      expect(box.right, `diff at ${width}px`).toBeLessThanOrEqual(width);
      // Nothing of the editor runs out of the window either (the shell's top bar is not the editor's).
      const editor = await admin.evaluate(() => Math.max(...[...document.querySelectorAll('.rules-editor *')].map((e) => e.getBoundingClientRect().right)));
      expect(editor, `editor at ${width}px`).toBeLessThanOrEqual(width);
      await admin.screenshot({ path: join(SHOTS, `rules-editor-diff-${width}.png`), fullPage: true });
    }
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
    const issues = admin.locator('[data-testid="definition-preview"] [data-testid="preview-issues"]');
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
