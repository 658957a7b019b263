import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkMetric, BenchmarkResult } from './benchmark-result';
import type { MachineFacts } from './machine';

/** One `npm run bench` (or single-benchmark) run: what ran, where, and what was skipped. */
export interface BenchReport {
  startedAt: string;
  machine: MachineFacts;
  results: BenchmarkResult[];
  /** Benchmarks that did not produce a result, and why (module missing, failed). */
  skipped: Array<{ id: string; reason: string }>;
}

/** A figure as a table shows it: up to 3 significant decimals, never exponent notation. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

const metMark = (met: boolean | undefined): string => (met === undefined ? '–' : met ? 'yes' : '**no**');

/** The one-line-per-metric table, shared by the console and the Markdown report. */
export function renderMetricsTable(metrics: readonly BenchmarkMetric[]): string[] {
  return [
    '| metric | unit | Waybill | baseline | ratio | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...metrics.map(
      (m) =>
        `| ${m.name} | ${m.unit} | ${formatNumber(m.candidate)} | ${formatNumber(m.baseline)} | ${formatNumber(m.ratio)} | ${m.goal ?? '–'} | ${metMark(m.met)} |`,
    ),
  ];
}

export function renderResult(result: BenchmarkResult): string[] {
  const parameters = Object.entries(result.parameters).map(([name, value]) => `\`${name}=${String(value)}\``);
  return [
    `## ${result.id}: ${result.title}`,
    '',
    `Started ${result.startedAt}, took ${Math.round(result.durationMs / 1000)} s. Parameters: ${parameters.join(', ') || 'none'}.`,
    '',
    ...renderMetricsTable(result.metrics),
    ...(result.notes.length > 0 ? ['', ...result.notes.map((note) => `- ${note}`)] : []),
  ];
}

export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const dirty = m.gitDirty === true ? ' (with uncommitted changes)' : '';
  const lines = [
    '# Waybill benchmarks',
    '',
    `Run ${report.startedAt} on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, commit ${m.gitCommit}${dirty}.`,
    'Each baseline was measured in the same run, on the same servers, in batches alternating with Waybill\'s. Figures are medians over batches unless a metric says otherwise.',
    ...report.results.flatMap((result) => ['', ...renderResult(result)]),
  ];
  if (report.skipped.length > 0) lines.push('', '## Not run', '', ...report.skipped.map((s) => `- ${s.id}: ${s.reason}`));
  return `${lines.join('\n')}\n`;
}

/** Writes `bench/results/<prefix>-<stamp>.{json,md}` and returns their paths. */
export function writeReport(report: BenchReport, prefix = 'bench'): { json: string; markdown: string } {
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = join(dir, `${prefix}-${stamp}.json`);
  const markdown = join(dir, `${prefix}-${stamp}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, renderReport(report));
  return { json, markdown };
}
