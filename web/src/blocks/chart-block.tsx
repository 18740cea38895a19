import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartBlockSpec, QueryResult } from '../api/types';
import { formatNumber, humanize, toNumber } from '../ui/format';
import { BlockBody, BlockFrame } from './block-frame';
import { CHART_HEIGHT } from './block-sizes';
import { useDataset } from './use-dataset';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#ef4444', '#0ea5e9'];

interface DrawnSeries {
  column: string;
  label: string;
  values: (number | null)[];
}

export function ChartBlock({ spec }: { spec: ChartBlockSpec }) {
  const query = useDataset(spec.dataset);
  return (
    <BlockFrame spec={spec} dataset={spec.dataset} refreshing={query.refreshing}>
      <BlockBody loading={query.loading} error={query.error} onRetry={query.reload} skeletonHeight={CHART_HEIGHT}>
        {() => <ChartCanvas spec={spec} data={query.data} />}
      </BlockBody>
    </BlockFrame>
  );
}

function ChartCanvas({ spec, data }: { spec: ChartBlockSpec; data: QueryResult | null }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  const { xValues, categories, series, highlighted } = useMemo(() => toSeries(spec, data), [spec, data]);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(buildOption(spec, categories, series, highlighted), { notMerge: true });
  }, [spec, categories, series, highlighted]);

  return (
    <div
      ref={containerRef}
      className="chart"
      style={{ height: CHART_HEIGHT }}
      data-testid={`chart-${spec.id}`}
      data-series={JSON.stringify(series)}
      data-x={JSON.stringify(xValues)}
      data-highlight={spec.highlight ? JSON.stringify(highlighted.flatMap((on, i) => (on ? [i] : []))) : undefined}
      role="img"
      aria-label={spec.title ?? 'Chart'}
    />
  );
}

function toSeries(spec: ChartBlockSpec, data: QueryResult | null) {
  const rows = data?.rows ?? [];
  const xValues = rows.map((row) => row[spec.x] ?? null);
  const categories = xValues.map(formatCategory);
  const series: DrawnSeries[] = spec.series.map((s) => ({
    column: s.column,
    label: s.label ?? humanize(s.column),
    values: rows.map((row) => toNumber(row[s.column])),
  }));
  // Rows the highlight column marks; none marked: nothing fades.
  const marked = rows.map((row) => (spec.highlight ? isTrue(row[spec.highlight]) : false));
  const highlighted = marked.some(Boolean) ? marked : marked.map(() => false);
  return { xValues, categories, series, highlighted };
}

function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function formatCategory(value: unknown): string {
  if (typeof value === 'string') {
    const month = /^(\d{4})-(\d{2})(?:-01)?$/.exec(value);
    if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  }
  return value === null || value === undefined ? '' : String(value);
}

function buildOption(spec: ChartBlockSpec, categories: string[], series: DrawnSeries[], highlighted: boolean[]) {
  const anyHighlight = highlighted.some(Boolean);
  const point = (value: number | null, i: number) => (anyHighlight && !highlighted[i] ? { value, itemStyle: { opacity: 0.35 } } : value);
  return {
    color: PALETTE,
    animationDuration: 300,
    grid: { left: 12, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => formatNumber(v, 2),
    },
    xAxis: {
      type: 'category',
      data: categories,
      boundaryGap: spec.chart === 'bar',
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cbd5e1' } },
      axisLabel: {
        color: '#64748b',
        // A highlighted row's label is written bold and dark, so it is found without the colour.
        formatter: anyHighlight ? (value: string, i: number) => (highlighted[i] ? `{marked|${value}}` : value) : undefined,
        rich: { marked: { fontWeight: 'bold', color: '#0f172a' } },
      },
    },
    yAxis: {
      type: 'value',
      splitLine: { lineStyle: { color: '#eef2f7' } },
      axisLabel: { color: '#64748b', formatter: (v: number) => compact(v) },
    },
    series: series.map((s) => ({
      name: s.label,
      type: spec.chart,
      data: s.values.map(point),
      smooth: spec.chart === 'line' ? 0.2 : undefined,
      symbolSize: 6,
      barMaxWidth: 28,
    })),
  };
}

function compact(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
