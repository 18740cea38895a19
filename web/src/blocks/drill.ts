import type { PageSpec } from '../api/types';

export interface DrillSpec {
  params: Record<string, string>;
}

/** Sets the drill's page variables from the clicked row, then brings the page's first grid into view and focuses it. */
export function drillInto(drill: DrillSpec, row: Record<string, unknown>, page: PageSpec, setVariable: (name: string, value: unknown) => void): void {
  for (const [variable, column] of Object.entries(drill.params)) setVariable(variable, row[column] ?? null);
  const grid = page.blocks.find((b) => b.type === 'grid');
  if (!grid) return;
  const section = document.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(grid.id)}"]`);
  if (!section) return;
  section.scrollIntoView({ block: 'start' });
  const target = section.querySelector<HTMLElement>('[tabindex="0"], canvas[tabindex]') ?? section;
  if (target === section && !section.hasAttribute('tabindex')) section.tabIndex = -1;
  target.focus({ preventScroll: true });
}
