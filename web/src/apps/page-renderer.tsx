import { lazy, Suspense, useLayoutEffect } from 'react';
import type { BlockSpec, PageSpec } from '../api/types';
import { CHART_HEIGHT } from '../blocks/block-sizes';
import { InputsBlock } from '../blocks/inputs-block';
import { ButtonBlock } from '../blocks/button-block';
import { FilterBlock } from '../blocks/filter-block';
import { FormBlock } from '../blocks/form-block';
import { KpiBlock } from '../blocks/kpi-block';
import { MatrixBlock } from '../matrix/matrix-block';
import { TableBlock } from '../blocks/table-block';
import { TextBlock } from '../blocks/text-block';
import { ErrorBanner } from '../ui/error-banner';
import { releaseFirstView } from '../first-view/first-view-state';
import { usePage } from './page-context';
import { blockUsable, pageUsable } from './usable-blocks';
import { Skeleton } from '../ui/spinner';

// The charting and grid libraries are most of the bundle; load them only for pages that use them.
const ChartBlock = lazy(() => import('../blocks/chart-block').then((m) => ({ default: m.ChartBlock })));
const GridBlock = lazy(() => import('../grid/grid-block').then((m) => ({ default: m.GridBlock })));

type SectionKind = 'filters' | 'kpis' | 'pair' | 'full';

interface Section {
  kind: SectionKind;
  blocks: BlockSpec[];
}

function sectionKind(block: BlockSpec): SectionKind {
  switch (block.type) {
    case 'filter':
      return 'filters';
    case 'kpi':
      return 'kpis';
    case 'chart':
    case 'inputs':
      // An input panel sits beside the chart it moves.
      return 'pair';
    case 'table':
      // A table people tick rows in is a work list: it gets the page's width.
      return block.select ? 'full' : 'pair';
    default:
      return 'full';
  }
}

/** Consecutive blocks of a kind share a row: filters in a bar, KPIs side by side, charts beside tables. */
function toSections(blocks: BlockSpec[]): Section[] {
  const sections: Section[] = [];
  for (const block of blocks) {
    const kind = sectionKind(block);
    const last = sections[sections.length - 1];
    if (last && last.kind === kind && kind !== 'full') last.blocks.push(block);
    else sections.push({ kind, blocks: [block] });
  }
  return sections;
}

export function PageRenderer({ page }: { page: PageSpec }) {
  const { app, locked } = usePage();
  // The early view of the KPI values goes in the same commit that puts the page on screen.
  useLayoutEffect(releaseFirstView, []);
  if (!page.blocks.length) return <p className="muted">This page has no blocks yet.</p>;
  if (!pageUsable(page, app))
    return (
      <p className="notice" data-testid="page-not-usable">
        Nothing on this page is available to you: it is for people who may {describeNeeds(page)}.
      </p>
    );
  return (
    <div className="blocks" data-testid={`page-${page.id}`}>
      {/* A locked parameter's filter is not shown: the value is not the viewer's to change. */}
      {toSections(page.blocks.filter((block) => blockUsable(block, app) && !(block.type === 'filter' && Object.hasOwn(locked, block.param)))).map(
        (section, i) => (
          <div key={i} className={`section section-${section.kind}`}>
            {section.blocks.map((block) => (
              <Block key={block.id} spec={block} />
            ))}
          </div>
        ),
      )}
    </div>
  );
}

function Block({ spec }: { spec: BlockSpec }) {
  switch (spec.type) {
    case 'kpi':
      return <KpiBlock spec={spec} />;
    case 'chart':
      return (
        <Suspense fallback={<BlockPlaceholder spec={spec} height={CHART_HEIGHT} />}>
          <ChartBlock spec={spec} />
        </Suspense>
      );
    case 'table':
      return <TableBlock spec={spec} />;
    case 'grid':
      return (
        <Suspense fallback={<BlockPlaceholder spec={spec} height={GRID_PLACEHOLDER_HEIGHT} />}>
          <GridBlock spec={spec} />
        </Suspense>
      );
    case 'filter':
      return <FilterBlock spec={spec} />;
    case 'text':
      return <TextBlock spec={spec} />;
    case 'form':
      return <FormBlock spec={spec} />;
    case 'button':
      return <ButtonBlock spec={spec} />;
    case 'matrix':
      return <MatrixBlock spec={spec} />;
    case 'inputs':
      return <InputsBlock spec={spec} />;
    default: {
      const unknown = spec as { id: string; type: string };
      return (
        <section className="block">
          <ErrorBanner error={{ code: 'UI_UNKNOWN_BLOCK', message: `Block "${unknown.id}" has unsupported type "${unknown.type}".` }} />
        </section>
      );
    }
  }
}

const GRID_PLACEHOLDER_HEIGHT = 320;

/** What the page's hidden blocks are for, in words: use the form “New budget line”, run “Recalculate”. */
function describeNeeds(page: PageSpec): string {
  const needs = page.blocks.flatMap((block) =>
    block.type === 'form' ? [`use the form “${block.title ?? block.id}”`] : block.type === 'button' ? [`run “${block.label}”`] : [],
  );
  return needs.join(' or ') || 'use it';
}

function BlockPlaceholder({ spec, height }: { spec: BlockSpec; height: number }) {
  return (
    <section className={`block block-${spec.type}`} aria-label={spec.title ?? spec.id}>
      <header className="block-header">
        <h2 className="block-title">{spec.title}</h2>
      </header>
      <Skeleton height={height} />
    </section>
  );
}
