/** Helpers for B1 and B4 beyond bench/lib/stats.ts (median, percentile, ratio), which they share with B2 and B3. */
export { median, percentile, ratio } from './stats';

/** Rounds for reports, so JSON results do not carry fifteen meaningless digits. */
export const rounded = (value: number | undefined, digits = 3): number => (value === undefined ? Number.NaN : Number(value.toFixed(digits)));

/**
 * Candidate and baseline batches in alternation, baseline first on odd rounds and candidate first on
 * even ones, so neither side always runs on a warmer (or more tired) machine.
 */
export function alternatingOrder(batches: number): Array<'candidate' | 'baseline'> {
  const order: Array<'candidate' | 'baseline'> = [];
  for (let i = 0; i < batches; i++) order.push(...(i % 2 === 0 ? (['candidate', 'baseline'] as const) : (['baseline', 'candidate'] as const)));
  return order;
}

/** A positive integer from the environment, or the default; anything else is a clear error, not a silent default. */
export function sizeFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
