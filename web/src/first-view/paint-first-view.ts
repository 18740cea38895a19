import type { FilterBlockSpec, KpiBlockSpec } from '../api/types';
import { KPI_HEIGHT } from '../blocks/block-sizes';
import { filterLabel } from '../blocks/filter-label';
import { FIRST_VIEW_ELEMENT, type FirstView } from './first-view-state';

/**
 * Paints the page's KPI values from the opening request, in the app's own markup and classes, while
 * the app's code is still loading; the app replaces it with its page in one step (releaseFirstView).
 * Only when every KPI of the page has its result: a partial strip would jump. The values come
 * formatted by the server (no number formatting to load before the first paint).
 */
export function paintFirstView(view: FirstView, embedded: boolean): void {
  const target = document.getElementById(FIRST_VIEW_ELEMENT);
  const page = view.app.pages.find((p) => p.id === view.page);
  if (!target || !page) return;
  const kpis = page.blocks.filter((b): b is KpiBlockSpec => b.type === 'kpi');
  const values = kpis.map((spec) => view.kpis.find((k) => k.block === spec.id));
  if (!kpis.length || values.some((value) => value === undefined)) return;

  const locked = (view.user.attributes.embed as { params?: Record<string, unknown> } | undefined)?.params ?? {};
  const filters = page.blocks.filter((b): b is FilterBlockSpec => b.type === 'filter' && !Object.hasOwn(locked, b.param));
  const sections = [
    ...(filters.length && page.blocks.indexOf(filters[0]!) < page.blocks.indexOf(kpis[0]!)
      ? [el('div', 'section section-filters', filters.map(filterPlaceholder))]
      : []),
    el(
      'div',
      'section section-kpis',
      kpis.map((spec, i) => kpiTile(spec, values[i]!)),
    ),
  ];
  const heading = el('div', 'page-heading page-heading-row', [
    el('div', '', [el('h1', 'page-title', [], page.title), ...(view.app.description ? [el('p', 'page-subtitle', [], view.app.description)] : [])]),
  ]);
  const content = el('main', 'content', [el('div', 'page', [heading, el('div', 'blocks', sections)])]);
  const shell = embedded
    ? el('div', 'embed-shell', [content])
    : el('div', 'shell', [
        el('nav', 'sidebar', [el('span', 'brand', [el('span', 'brand-mark', [], '⇄'), el('span', '', [], 'Roundtrip')])]),
        el('div', 'shell-main', [
          el('header', 'topbar', [el('div', 'topbar-title', [el('span', 'crumb', [], view.app.title), el('span', 'crumb crumb-current', [], page.title)])]),
          content,
        ]),
      ]);
  target.replaceChildren(shell);
}

function kpiTile(spec: KpiBlockSpec, kpi: FirstView['kpis'][number]): HTMLElement {
  const value = el('div', 'kpi', [el('div', 'kpi-value', [], kpi.text)]);
  value.style.minHeight = `${KPI_HEIGHT}px`;
  value.dataset.testid = `kpi-${spec.id}`;
  value.dataset.value = kpi.value === null || kpi.value === undefined ? '' : String(kpi.value);
  const block = el('section', 'block block-kpi', [el('header', 'block-header', [el('h2', 'block-title', [], spec.title ?? spec.value)]), value]);
  block.setAttribute('aria-label', spec.title ?? spec.id);
  return block;
}

/** The filter as the app draws it while its choices load: the page opens with every filter on "All". */
function filterPlaceholder(spec: FilterBlockSpec): HTMLElement {
  const select = el('select', '', [el('option', '', [], 'All')]);
  (select as HTMLSelectElement).disabled = true;
  return el('section', 'block block-filter', [
    el('label', 'filter', [el('span', 'filter-label', [], filterLabel(spec)), el('span', 'filter-control', [select])]),
  ]);
}

function el(tag: string, className: string, children: HTMLElement[], text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  node.append(...children);
  return node;
}
