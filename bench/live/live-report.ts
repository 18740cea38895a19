import { ms } from '../lib/stats.js';
import type { LiveLevel, LiveOptions } from './live-bench.js';

/** p95 targets (last viewer) by number of open viewers. */
export const LIVE_P95_TARGETS: Record<number, number> = { 100: 20, 1000: 50 };

/** The live-push results as Markdown: printed on the console and appended to RESULTS.md. */
export function renderLiveResults(levels: readonly LiveLevel[], options: LiveOptions, load: { before: number[]; after: number[] }): string[] {
  const out: string[] = [];
  const averages = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');
  out.push(
    `Live push: the director edits one budget cell at a time (${options.writes} measured writes per row after ${options.warmup} unmeasured, the next 25 ms after every viewer had the last) while viewers hold \`GET /api/events\` open; the demo's users take turns as viewers, so each write may be read by the director, CFO, viewer and admin streams and by one partner's of eight. Servers run in processes of their own (\`roundtrip serve\`); viewers and the writer run in the benchmark's process. With two servers the viewers are on one, the writer on the other, sharing a PostgreSQL system store.`,
  );
  if (options.serverDir) out.push('', `The servers ran the code in \`${options.serverDir}\`, not this checkout's.`);
  if (options.duckdbThreads) out.push('', `The DuckDB warehouse ran with \`threads: ${options.duckdbThreads}\` (DuckDB's default: one per core).`);
  out.push('');
  out.push(
    "| warehouse | servers | viewers | receivers per write | last viewer p50 ms | p95 ms | max ms | each viewer p50 ms | p95 ms | write alone p50 ms | last viewer after the write's answer p50 / p95 ms | viewers' server CPU ms per write |",
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const l of levels) {
    out.push(
      `| ${l.warehouse === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} | ${l.servers} | ${l.viewers.toLocaleString('en')} | ${l.receiversPerWrite} | ${ms(l.lastViewer.p50)} | ${ms(l.lastViewer.p95)} | ${ms(l.lastViewer.max)} | ${ms(l.delivery.p50)} | ${ms(l.delivery.p95)} | ${ms(l.write.p50)} | ${ms(l.afterAnswer.p50)} / ${ms(l.afterAnswer.p95)} | ${ms(l.serverCpuPerWrite)} |`,
    );
  }
  out.push('');
  out.push(`Load average (1 / 5 / 15 min) of the machine: ${averages(load.before)} before the live part, ${averages(load.after)} after.`);
  out.push('');
  for (const target of liveTargets(levels)) out.push(`- ${target.pass ? 'PASS' : 'MISS'}: ${target.text}`);
  return out;
}

export function liveTargets(levels: readonly LiveLevel[]): { pass: boolean; text: string }[] {
  return levels
    .filter((l) => LIVE_P95_TARGETS[l.viewers] !== undefined)
    .map((l) => {
      const target = LIVE_P95_TARGETS[l.viewers]!;
      return {
        pass: l.lastViewer.p95 <= target,
        text: `${l.warehouse === 'duckdb' ? 'DuckDB' : 'PostgreSQL'}, ${l.servers} server${l.servers > 1 ? 's' : ''}, ${l.viewers.toLocaleString('en')} viewers: last viewer p95 ≤ ${target} ms (measured ${ms(l.lastViewer.p95)})`,
      };
    });
}
