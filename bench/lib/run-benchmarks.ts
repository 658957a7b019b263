import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkResult } from './benchmark-result';
import { machineFacts } from './machine';
import { renderResult, writeReport, type BenchReport } from './report';

/** A benchmark of `npm run bench`: `bench/<file>.ts` exports `run(): Promise<BenchmarkResult>`. */
export interface BenchmarkEntry {
  id: string;
  file: string;
}

interface BenchmarkModule {
  run?: () => Promise<BenchmarkResult>;
}

/** `BENCH_ONLY=B1,B3` → those ids (case-insensitive); unset or empty → all. Unknown ids are an error. */
export function selectBenchmarks(all: readonly BenchmarkEntry[], only: string | undefined): BenchmarkEntry[] {
  const wanted = (only ?? '')
    .split(',')
    .map((id) => id.trim().toUpperCase())
    .filter(Boolean);
  if (wanted.length === 0) return [...all];
  const unknown = wanted.filter((id) => !all.some((entry) => entry.id === id));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown benchmarks: ${unknown.join(', ')} (known: ${all.map((e) => e.id).join(', ')})`);
  return all.filter((entry) => wanted.includes(entry.id));
}

/**
 * Runs the benchmarks one after the other (they share two cores: never in parallel), prints each
 * result as it lands, and writes the JSON and Markdown report. A missing module or a failed run is
 * recorded as not run and the others carry on.
 */
export async function runBenchmarks(entries: readonly BenchmarkEntry[], reportPrefix: string): Promise<BenchReport> {
  const report: BenchReport = { startedAt: new Date().toISOString(), machine: machineFacts(), results: [], skipped: [] };
  for (const entry of entries) {
    const path = join(__dirname, '..', `${entry.file}.ts`);
    if (!existsSync(path)) {
      console.warn(`\n${entry.id}: skipped, bench/${entry.file}.ts does not exist yet.`);
      report.skipped.push({ id: entry.id, reason: `bench/${entry.file}.ts is missing` });
      continue;
    }
    console.log(`\n=== ${entry.id} (bench/${entry.file}.ts) ===`);
    try {
      // A path held in a variable: the module may not exist, and must not break the type check.
      const loaded = (await import(path)) as BenchmarkModule;
      if (typeof loaded.run !== 'function') throw new Error(`bench/${entry.file}.ts does not export run()`);
      const result = await loaded.run();
      report.results.push(result);
      console.log(`\n${renderResult(result).join('\n')}\n`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      console.error(`${entry.id} failed:`, err);
      report.skipped.push({ id: entry.id, reason: `failed: ${reason.split('\n')[0]}` });
    }
  }
  const written = writeReport(report, reportPrefix);
  console.log(`Reports written to ${written.json} and ${written.markdown}`);
  return report;
}

/** The entry point of a benchmark script: run, report, exit non-zero when a benchmark failed (a missing one is only reported). */
export function main(entries: readonly BenchmarkEntry[], reportPrefix: string): void {
  runBenchmarks(entries, reportPrefix)
    .then((report) => process.exit(report.skipped.some((s) => s.reason.startsWith('failed')) ? 1 : 0))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
