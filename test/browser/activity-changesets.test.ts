import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { useBrowserSuite } from './support/browser-suite.js';

// Real Chromium against the real server: the activity app reads as a finance lead's dashboard
// (figures, charts, reasons in words) and a changeset opens on its own screen with who, when,
// why and old → new per row; the director reverts it from there, and a partner sees only their rows.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-activity';

describe('activity and changesets in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  const line = async (entity: string) => {
    const { rows } = await current().runtime.warehouse.query(
      `SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE entity_id = $1 AND account_id = '4000' AND period = CAST('2026-10-01' AS DATE)`,
      [entity],
    );
    return { lineId: Number(rows[0]!.line_id), amount: String(rows[0]!.amount) };
  };
  const amountOf = async (lineId: number) =>
    String((await current().runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS a FROM budget_lines WHERE line_id = $1', [lineId])).rows[0]!.a);

  it('shows a changeset with its reason and diff, reverts it with a reason, and hides foreign rows', { timeout: 180_000 }, async () => {
    const api = await ApiClient.login(current().url, 'director');
    const [e01, e06] = [await line('E01'), await line('E06')];
    const written = await api.changeset('budget', 'budget_lines', {
      reason: 'October reforecast',
      changes: [e01, e06].map((l, i) => ({ op: 'update', key: { line_id: l.lineId }, set: { amount: `${4321 + i}.00` }, expect: { amount: l.amount } })),
    });
    expect(written.status).toBe(200);
    const id = written.body.changesetId as string;

    const director = await sessions.signIn(current().url, 'director', `#/~changesets/${id}`);
    await director.waitForSelector('[data-testid="diff-row"]');
    expect(await director.textContent('[data-testid="changeset-summary"]')).toMatch(/^By director on .+ in Budget · 2 changed rows · October reforecast$/);
    expect(await director.locator('[data-testid="diff-row"]').count()).toBe(2);
    expect(await director.textContent('[data-testid="diff-table"]')).toContain('4,321.00');
    await director.screenshot({ path: `${SHOTS}/changeset.png`, fullPage: true });

    await director.click('[data-testid="changeset-revert"]');
    await director.fill('[data-testid="revert-reason"]', 'Reforecast withdrawn');
    await director.click('[data-testid="confirm-action"]');
    // The screen moves to the revert, which links back to what it undid.
    await director.waitForFunction((old) => !window.location.hash.includes(old) && window.location.hash.startsWith('#/~changesets/'), id);
    await director.waitForSelector('[data-testid="changeset-reverts"]');
    expect(await director.textContent('[data-testid="changeset-reason"]')).toContain('Reforecast withdrawn');
    expect([await amountOf(e01.lineId), await amountOf(e06.lineId)]).toEqual([e01.amount, e06.amount]);
    await director.click('[data-testid="changeset-reverts"]');
    await director.waitForSelector('[data-testid="changeset-reverted-by"]');

    // partner1 looks after E01 to E05: the E06 line is counted, not shown, and they may not revert the whole change.
    const partner = await sessions.signIn(current().url, 'partner1', `#/~changesets/${id}`);
    await partner.waitForSelector('[data-testid="changeset-hidden"]');
    expect(await partner.locator('[data-testid="diff-row"]').count()).toBe(1);
    expect(await partner.textContent('[data-testid="changeset-hidden"]')).toContain('1 row of this change is not visible to you');
    expect(await partner.textContent('[data-testid="diff-table"]')).not.toContain('4,322.00');
    expect(await partner.locator('[data-testid="changeset-revert"]').count()).toBe(0);
  });

  it('gives the finance lead figures, charts and refusals in words', { timeout: 120_000 }, async () => {
    const partner = await ApiClient.login(current().url, 'partner1');
    const target = await line('E02');
    // A stale expected value: refused as a conflict, recorded with its reason.
    const refused = await partner.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: target.lineId }, set: { amount: '1.00' }, expect: { amount: '0.01' } }],
    });
    expect(refused.status).toBe(409);

    const admin = await sessions.signIn(current().url, 'admin', '#/activity/overview');
    await admin.waitForSelector('[data-testid="table-table-recent"] tbody tr td');
    for (const chart of ['chart-per-day', 'chart-per-person', 'chart-approval-days', 'chart-refusals']) {
      await admin.waitForSelector(`[data-block-id="${chart}"] canvas`);
    }
    await admin.waitForFunction(() =>
      document.querySelector('[data-testid="table-table-recent-refusals"]')?.textContent?.includes('Someone changed the value first'),
    );
    const recent = await admin.textContent('[data-testid="table-table-recent"]');
    expect(recent).toContain('Budget lines');
    expect(recent).toContain('Revert');
    // Timestamps read as dates, not ISO text.
    expect(recent).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    await admin.screenshot({ path: `${SHOTS}/activity.png`, fullPage: true });

    // Click through from the latest change to its changeset screen: its diff and the way back (revert).
    await admin.click('[data-testid="table-table-recent"] tbody tr:first-child a[href^="#/~changesets/"]');
    await admin.waitForSelector('[data-testid="changeset-detail"] [data-testid="diff-row"]');
    expect(await admin.textContent('[data-testid="changeset-summary"]')).toContain('By director');
    await admin.waitForSelector('[data-testid="changeset-reverts"]');
  });
});
