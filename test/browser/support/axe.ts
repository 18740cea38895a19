import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Elements axe must not judge, each with why: only third-party widgets whose markup we do not
 * write. The Glide grid draws its cells on a canvas and keeps an off-screen accessible table of
 * its own next to it.
 */
export const AXE_EXCLUDED: { selector: string; reason: string }[] = [
  { selector: '.dvn-scroller', reason: 'Glide data grid: canvas and its own generated accessibility table' },
];

/** Injects axe-core into the page and runs the WCAG 2 A and AA rules on it; returns the violations and how many rules passed. */
export async function runAxe(page: Page): Promise<{ violations: AxeViolation[]; passed: number }> {
  const injected = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') blocks inline script tags.
  if (!injected) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async (exclude) => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              context: unknown,
              options: unknown,
            ) => Promise<{ passes: unknown[]; violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(
        { include: [document], exclude: exclude.filter((selector) => document.querySelector(selector)).map((selector) => [selector]) },
        { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations', 'passes'] },
      );
      return {
        passed: result.passes.length,
        violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) })),
      };
    },
    AXE_EXCLUDED.map((e) => e.selector),
  );
}

/** The serious and critical violations, one line each (id, help, targets), for a failure message. */
export function seriousViolations(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 6).join(', ')}${v.targets.length > 6 ? ` and ${v.targets.length - 6} more` : ''}`);
}
