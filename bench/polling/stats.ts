/** Nearest-rank percentile of a sample; undefined for an empty one. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ratio = (candidate: number | undefined, baseline: number | undefined): number | undefined =>
  candidate === undefined || baseline === undefined || baseline === 0 ? undefined : candidate / baseline;

export const fixed = (value: number | undefined, digits = 2): string => (value === undefined ? 'n/a' : value.toFixed(digits));
