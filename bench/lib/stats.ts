/** Nearest-rank percentile of a sample; undefined for an empty one. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ratio = (candidate: number | undefined, baseline: number | undefined): number | undefined =>
  candidate === undefined || baseline === undefined || baseline === 0 ? undefined : candidate / baseline;

export const fixed = (value: number | undefined, digits = 2): string => (value === undefined ? 'n/a' : value.toFixed(digits));

/** The middle value (mean of the two middle ones for an even count); undefined for an empty sample. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
