/** Latency samples (milliseconds) of one side of a comparison, plus the wall time they took. */
export class Samples {
  readonly latencies: number[] = [];
  wallMs = 0;

  add(ms: number): void {
    this.latencies.push(ms);
  }

  /** Adds another set of samples (e.g. one round's) to these. */
  absorb(other: Samples): void {
    this.latencies.push(...other.latencies);
    this.wallMs += other.wallMs;
  }

  summary(): Summary {
    return summarize(this.latencies, this.wallMs);
  }
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  /** Operations per second over the summed wall time of the measured batches. */
  perSecond: number;
}

export function summarize(latencies: readonly number[], wallMs: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    perSecond: wallMs > 0 ? (sorted.length * 1000) / wallMs : 0,
  };
}

/** The median of per-round ratios `a/b` of two sides' p50s: robust to load that drifts between rounds. */
export function pairedRatio(rounds: readonly { a: Samples; b: Samples }[]): number {
  const ratios = rounds.map(({ a, b }) => a.summary().p50 / b.summary().p50).sort((x, y) => x - y);
  return percentile(ratios, 0.5);
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/** Runs `count` operations on `concurrency` workers (ids 0…n-1); records each latency and the batch's wall time. */
export async function runBatch(count: number, concurrency: number, samples: Samples, operation: (worker: number) => Promise<void>): Promise<void> {
  let started = 0;
  const begin = performance.now();
  const worker = async (_: unknown, id: number) => {
    while (started < count) {
      started += 1;
      const t0 = performance.now();
      await operation(id);
      samples.add(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  samples.wallMs += performance.now() - begin;
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '-');
