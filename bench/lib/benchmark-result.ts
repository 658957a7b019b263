/**
 * What every benchmark in `npm run bench` returns, so one runner can print and write them all.
 * A metric compares Waybill (the candidate) with a baseline measured in the same run.
 */
export interface BenchmarkMetric {
  name: string;
  unit: string;
  candidate: number;
  /** The same-run baseline's figure; absent for a metric that has none (history events, say). */
  baseline?: number;
  /** candidate / baseline, when there is a baseline. */
  ratio?: number;
  /** The goal, in words: "ratio ≤ 1.10", "≤ 500", "p99 < 100 ms". */
  goal?: string;
  /** Whether the goal was met; absent when there is no goal. */
  met?: boolean;
}

export interface BenchmarkResult {
  /** B1, B2, B3 or B4. */
  id: string;
  title: string;
  startedAt: string;
  durationMs: number;
  /** The size and settings it ran with (from BENCH_* environment variables). */
  parameters: Record<string, number | string | boolean>;
  metrics: BenchmarkMetric[];
  /** Batches, medians per batch, anything a reader needs to trust the figures. */
  details?: unknown;
  /** Caveats in plain words. */
  notes: string[];
}
