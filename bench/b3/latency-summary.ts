import type { BenchmarkMetric } from '../lib/benchmark-result';
import { median, percentile, ratio } from '../lib/stats';

/** What one batch measured, in milliseconds on the bench process's clock; undefined = never seen. */
export interface WaybillBatch {
  /** undefined: not acknowledged with a 2xx. */
  ackMs: Array<number | undefined>;
  emailMs: Array<number | undefined>;
  readModelMs: Array<number | undefined>;
}

export interface BareBatch {
  signalMs: number[];
  activityMs: Array<number | undefined>;
}

const seen = (values: Array<number | undefined>): number[] => values.filter((v): v is number => v !== undefined);
const lost = (values: Array<number | undefined>): number => values.length - seen(values).length;

/**
 * The median over batches of one percentile of each batch. A probe not seen in time ranks as
 * infinitely late: leaving it out would make a batch that lost its slowest probes look fast.
 */
function medianOf<T>(batches: readonly T[], pick: (batch: T) => Array<number | undefined>, p: number): number {
  const late = (values: Array<number | undefined>) => values.map((v) => v ?? Number.POSITIVE_INFINITY);
  return median(batches.map((batch) => percentile(late(pick(batch)), p)).filter((v): v is number => v !== undefined)) ?? Number.NaN;
}

export const ACK_GOAL_MS = 100;
export const END_TO_END_GOAL_MS = 1000;
export const BASELINE_GOAL_RATIO = 1.2;

/**
 * B3's metrics: each figure is the median over batches of that batch's p50 or p99, so one batch hit
 * by a neighbour's load does not decide the result. A probe not seen in time is counted, never averaged in as fast.
 */
export function pushLatencyMetrics(waybill: readonly WaybillBatch[], bare: readonly BareBatch[]): BenchmarkMetric[] {
  const compare = (name: string, candidate: number, baseline: number | undefined, goal?: string, met?: boolean): BenchmarkMetric => ({
    name,
    unit: 'ms',
    candidate,
    ...(baseline === undefined ? {} : { baseline, ratio: ratio(candidate, baseline) }),
    ...(goal === undefined ? {} : { goal, met }),
  });
  const endToEnd = (label: string, pick: (batch: WaybillBatch) => Array<number | undefined>): BenchmarkMetric[] => {
    const p50 = medianOf(waybill, pick, 50);
    const p99 = medianOf(waybill, pick, 99);
    const bareP50 = medianOf(bare, (b) => b.activityMs, 50);
    const bareP99 = medianOf(bare, (b) => b.activityMs, 99);
    const within = ratio(p99, bareP99);
    return [
      compare(`webhook → ${label}, p50`, p50, bareP50),
      compare(
        `webhook → ${label}, p99`,
        p99,
        bareP99,
        `p99 < ${END_TO_END_GOAL_MS} ms and ≤ ${BASELINE_GOAL_RATIO}× baseline`,
        p99 < END_TO_END_GOAL_MS && within !== undefined && within <= BASELINE_GOAL_RATIO,
      ),
    ];
  };
  const ackP99 = medianOf(waybill, (b) => b.ackMs, 99);
  const lostProbes =
    waybill.reduce((sum, b) => sum + lost(b.ackMs) + lost(b.emailMs) + lost(b.readModelMs), 0) + bare.reduce((sum, b) => sum + lost(b.activityMs), 0);
  return [
    compare('webhook acknowledgement, p50', medianOf(waybill, (b) => b.ackMs, 50), medianOf(bare, (b) => b.signalMs, 50)),
    compare('webhook acknowledgement, p99', ackP99, medianOf(bare, (b) => b.signalMs, 99), `p99 < ${ACK_GOAL_MS} ms`, ackP99 < ACK_GOAL_MS),
    ...endToEnd('email in SMTP sink', (b) => b.emailMs),
    ...endToEnd('read model', (b) => b.readModelMs),
    { name: 'probes not seen within the settle time (unacknowledged webhooks, emails, read-model updates, bare activities)', unit: 'count', candidate: lostProbes, goal: '0', met: lostProbes === 0 },
  ];
}

/** Per-batch figures for the report's details, so a reader can see the spread behind the medians. */
export function batchSummaries(waybill: readonly WaybillBatch[], bare: readonly BareBatch[]) {
  const p = (values: Array<number | undefined>) => ({ n: values.length, lost: lost(values), p50: percentile(seen(values), 50), p99: percentile(seen(values), 99) });
  return {
    waybill: waybill.map((b) => ({ ack: p(b.ackMs), email: p(b.emailMs), readModel: p(b.readModelMs) })),
    bare: bare.map((b) => ({ signal: p(b.signalMs), activity: p(b.activityMs) })),
  };
}
