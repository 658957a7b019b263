import type { BenchmarkResult } from './benchmark-result';
import { machineFacts } from './machine';
import { renderResult, writeReport } from './report';

/**
 * What a benchmark does when run on its own (`npm run bench:b1`, `bench:b4`): prints its table and
 * writes the same JSON and Markdown report `npm run bench` writes, with this one result.
 */
export function reportStandalone(result: BenchmarkResult, prefix: string): void {
  console.log(`\n${renderResult(result).join('\n')}\n`);
  const written = writeReport({ startedAt: result.startedAt, machine: machineFacts(), results: [result], skipped: [] }, prefix);
  console.log(`Reports written to ${written.json} and ${written.markdown}`);
}
