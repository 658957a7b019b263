import type { BenchmarkResult } from '../../../bench/lib/benchmark-result';
import type { MachineFacts } from '../../../bench/lib/machine';
import { formatNumber, renderMetricsTable, renderReport } from '../../../bench/lib/report';
import { selectBenchmarks } from '../../../bench/lib/run-benchmarks';

const machine: MachineFacts = { cpuModel: 'Test CPU', cores: 2, memoryGiB: 7.8, os: 'linux 6.1', node: 'v20.19.0', gitCommit: 'abc123', gitDirty: true };

const result: BenchmarkResult = {
  id: 'B3',
  title: 'Push latency',
  startedAt: '2026-11-27T12:00:00.000Z',
  durationMs: 95_400,
  parameters: { BENCH_B3_RATE: 50, BENCH_B3_CARRIER: 'usps' },
  metrics: [
    { name: 'webhook acknowledgement, p99', unit: 'ms', candidate: 42.123, baseline: 8.5, ratio: 4.9556, goal: 'p99 < 100 ms', met: true },
    { name: 'webhook → email, p99', unit: 'ms', candidate: 1234.5, baseline: 300, ratio: 4.115, goal: 'p99 < 1000 ms', met: false },
    { name: 'history events', unit: 'events', candidate: 120 },
  ],
  notes: ['Medians over 3 batches.'],
};

describe('benchmark report', () => {
  it('formats figures with fewer decimals as they grow, and n/a for a missing one', () => {
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatNumber(4.9556)).toBe('4.96');
    expect(formatNumber(42.123)).toBe('42.1');
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(300)).toBe('300');
    expect(formatNumber(undefined)).toBe('n/a');
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('renders one row per metric with baseline, ratio, goal and whether it was met', () => {
    const table = renderMetricsTable(result.metrics);
    expect(table[0]).toBe('| metric | unit | Waybill | baseline | ratio | goal | met |');
    expect(table[2]).toBe('| webhook acknowledgement, p99 | ms | 42.1 | 8.50 | 4.96 | p99 < 100 ms | yes |');
    expect(table[3]).toBe('| webhook → email, p99 | ms | 1235 | 300 | 4.12 | p99 < 1000 ms | **no** |');
    expect(table[4]).toBe('| history events | events | 120 | n/a | n/a | – | – |');
  });

  it('puts the machine, each benchmark with its parameters and notes, and what did not run in the Markdown', () => {
    const markdown = renderReport({ startedAt: '2026-11-27T12:00:00.000Z', machine, results: [result], skipped: [{ id: 'B1', reason: 'bench/b1-durability.ts is missing' }] });
    expect(markdown).toContain('on Test CPU, 2 cores, 7.8 GiB, linux 6.1, Node v20.19.0, commit abc123 (with uncommitted changes).');
    expect(markdown).toContain('## B3: Push latency');
    expect(markdown).toContain('took 95 s. Parameters: `BENCH_B3_RATE=50`, `BENCH_B3_CARRIER=usps`.');
    expect(markdown).toContain('- Medians over 3 batches.');
    expect(markdown).toContain('## Not run\n\n- B1: bench/b1-durability.ts is missing');
  });
});

describe('benchmark selection (BENCH_ONLY)', () => {
  const all = [
    { id: 'B1', file: 'b1-durability' },
    { id: 'B2', file: 'b2-carrier-economy' },
    { id: 'B3', file: 'b3-push-latency' },
  ];

  it('runs everything, in order, when unset or empty', () => {
    expect(selectBenchmarks(all, undefined)).toEqual(all);
    expect(selectBenchmarks(all, ' ')).toEqual(all);
  });

  it('keeps the run order whatever order the list names, ignoring case and spaces', () => {
    expect(selectBenchmarks(all, 'b3, B1').map((e) => e.id)).toEqual(['B1', 'B3']);
  });

  it('refuses an unknown name rather than running nothing', () => {
    expect(() => selectBenchmarks(all, 'B1,B9')).toThrow('BENCH_ONLY names unknown benchmarks: B9 (known: B1, B2, B3)');
  });
});
