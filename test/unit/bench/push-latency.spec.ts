import { pushLatencyMetrics, type BareBatch, type WaybillBatch } from '../../../bench/b3/latency-summary';
import { sendPaced } from '../../../bench/b3/paced';
import { percentile } from '../../../bench/lib/stats';

const range = (from: number, count: number, step = 1): number[] => Array.from({ length: count }, (_, i) => from + i * step);

describe('B3 push-latency metrics', () => {
  const waybill = (offset: number): WaybillBatch => ({ ackMs: range(10 + offset, 100), emailMs: range(200 + offset, 100), readModelMs: range(100 + offset, 100) });
  const bare = (offset: number): BareBatch => ({ signalMs: range(5 + offset, 100), activityMs: range(50 + offset, 100, 5) });

  it('takes the median over batches of each batch percentile, against the bare baseline', () => {
    const metrics = pushLatencyMetrics([waybill(0), waybill(1000), waybill(2)], [bare(0), bare(1), bare(2)]);
    const byName = new Map(metrics.map((m) => [m.name, m]));
    // Batch p99s are 108, 1108 and 110: the outlier batch does not decide the figure.
    expect(byName.get('webhook acknowledgement, p99')).toMatchObject({ candidate: 110, baseline: 104, goal: 'p99 < 100 ms', met: false });
    expect(byName.get('webhook acknowledgement, p50')).toMatchObject({ candidate: 61, baseline: 55 });
    const email = byName.get('webhook → email in SMTP sink, p99')!;
    expect(email).toMatchObject({ candidate: 300, baseline: 541, goal: 'p99 < 1000 ms and ≤ 1.2× baseline', met: true });
    expect(email.ratio).toBeCloseTo(300 / 541);
    expect(byName.get('webhook → read model, p50')).toMatchObject({ candidate: 151, baseline: 296 });
  });

  it('misses the end-to-end goal when within 1 s but slower than 1.2× the baseline', () => {
    const metrics = pushLatencyMetrics([{ ackMs: [5], emailMs: [700], readModelMs: [100] }], [{ signalMs: [2], activityMs: [500] }]);
    expect(metrics.find((m) => m.name === 'webhook → email in SMTP sink, p99')).toMatchObject({ ratio: 1.4, met: false });
    expect(metrics.find((m) => m.name === 'webhook → read model, p99')).toMatchObject({ ratio: 0.2, met: true });
  });

  it('counts a probe never seen as lost, never as a fast one', () => {
    const metrics = pushLatencyMetrics([{ ackMs: [5, undefined], emailMs: [700, undefined], readModelMs: [100, 120] }], [{ signalMs: [2, 3], activityMs: [500, undefined] }]);
    expect(metrics.find((m) => m.unit === 'count')).toMatchObject({ candidate: 3, goal: '0', met: false });
    expect(metrics.find((m) => m.name === 'webhook → email in SMTP sink, p50')?.candidate).toBe(700);
    // Half the emails never came: the p99 is not the fast half's p99 but "later than the settle time".
    expect(metrics.find((m) => m.name === 'webhook → email in SMTP sink, p99')).toMatchObject({ candidate: Number.POSITIVE_INFINITY, met: false });
  });
});

describe('percentile', () => {
  it('is the nearest rank, and undefined for no sample', () => {
    expect(percentile(range(1, 100), 99)).toBe(99);
    expect(percentile(range(1, 100), 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('sendPaced', () => {
  it('starts the calls on schedule without waiting for earlier ones to answer', async () => {
    const started: number[] = [];
    const begin = Date.now();
    const { achievedPerSecond } = await sendPaced(5, 50, async () => {
      started.push(Date.now() - begin);
      await new Promise((resolve) => setTimeout(resolve, 200)); // slower than the 20 ms between sends
    });
    expect(started).toHaveLength(5);
    expect(started[4]).toBeGreaterThanOrEqual(79);
    expect(started[4]).toBeLessThan(190); // a closed loop would have taken 800 ms
    expect(achievedPerSecond).toBeGreaterThan(20);
    expect(achievedPerSecond).toBeLessThanOrEqual(51);
  });
});
