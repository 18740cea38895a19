import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { clickCell, gridRows, openGridPage, type ProbeWindow } from './support/grid-probe.js';

// A partner asks the director about a budget line in its comment thread, mentioning them; the
// director, with the same grid open, sees the line's comment bubble appear and reads the thread.

const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-comments';

describe('comments on rows', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  /** The comment count the grid holds for a row (0: no bubble); runs in the page. */
  const commentCount = ([id, key]: readonly [string, string]) => {
    const extra = (window as ProbeWindow).__roundtripGrids?.[id]?.extra() as { commentCounts?: Record<string, number> } | undefined;
    return extra?.commentCounts?.[key] ?? 0;
  };

  it('a mention reaches the other user live: bubble on the row, the thread with name and highlighted mention', { timeout: 180_000 }, async () => {
    const partner = await openGridPage(sessions, current().url, 'partner1', GRID);
    const director = await openGridPage(sessions, current().url, 'director', GRID);
    const [line] = await gridRows(partner, GRID);
    expect(String((await gridRows(director, GRID))[0]!.line_id)).toBe(String(line!.line_id));
    const probe = [GRID, JSON.stringify([['line_id', String(line!.line_id)]])] as const;
    expect(await director.evaluate(commentCount, probe)).toBe(0);

    // The partner selects the line, opens its comments and writes, completing @dir… from the list.
    await clickCell(partner, GRID, 1, 0);
    await partner.click('[data-testid="comments-tab"]');
    await partner.waitForSelector('[data-testid="comments-panel"] .history-empty');
    await partner.click('[data-testid="comment-input"]');
    await partner.keyboard.type('Could you check this line, @dir');
    await partner.waitForSelector('[data-testid="mention-list"] >> text=Dana Director');
    await partner.screenshot({ path: `${SHOTS}/mention-completion-1440.png` });
    await partner.keyboard.press('Enter');
    await partner.keyboard.type('before Friday?');
    expect(await partner.inputValue('[data-testid="comment-input"]')).toBe('Could you check this line, @director before Friday?');
    await partner.click('[data-testid="comment-send"]');
    await partner.waitForSelector('[data-testid="comment"]');

    // The director's grid marks the line without a reload.
    await director.waitForFunction((args) => {
      const extra = (window as ProbeWindow).__roundtripGrids?.[args[0]]?.extra() as { commentCounts?: Record<string, number> } | undefined;
      return extra?.commentCounts?.[args[1]] === 1;
    }, probe);
    await director.screenshot({ path: `${SHOTS}/comment-bubble-1440.png` });

    await clickCell(director, GRID, 1, 0);
    await director.click('[data-testid="comments-tab"]');
    const comment = await director.waitForSelector('[data-testid="comments-panel"] [data-testid="comment"]');
    expect(await (await comment.$('[data-testid="comment-author"]'))!.textContent()).toBe('Finance Partner 1');
    expect(await (await comment.$('.comment-text'))!.textContent()).toBe('Could you check this line, @director before Friday?');
    const mention = (await comment.$('[data-testid="comment-mention"]'))!;
    expect(await mention.textContent()).toBe('@director');
    expect(await mention.evaluate((el) => el.tagName === 'MARK' && el.classList.contains('mention-self'))).toBe(true);
    expect(await director.textContent('[data-testid="comments-tab-count"]')).toBe('1');
    await director.screenshot({ path: `${SHOTS}/comment-thread-1440.png` });

    // Narrow: the thread sits under the grid and keeps inside the window.
    await director.setViewportSize({ width: 390, height: 844 });
    const panel = (await director.$('[data-testid="comments-panel"]'))!;
    await panel.scrollIntoViewIfNeeded();
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await director.screenshot({ path: `${SHOTS}/comment-thread-390.png` });
  });
});
