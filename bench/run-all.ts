/**
 * `npm run bench`: B1 to B4 in order (or `BENCH_ONLY=B1,B3`), each against its same-run baseline,
 * then one report under bench/results/bench-<stamp>.{json,md}. See docs/performance.md.
 */
import { main, selectBenchmarks, type BenchmarkEntry } from './lib/run-benchmarks';

const BENCHMARKS: readonly BenchmarkEntry[] = [
  { id: 'B1', file: 'b1-durability' },
  { id: 'B2', file: 'b2-carrier-economy' },
  { id: 'B3', file: 'b3-push-latency' },
  { id: 'B4', file: 'b4-scale' },
];

main(selectBenchmarks(BENCHMARKS, process.env.BENCH_ONLY), 'bench');
