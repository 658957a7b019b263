/** What a label value outside its closed set is recorded as. */
export const OTHER_LABEL = 'other';

/**
 * A label value from a closed set, or `other`. Every Waybill label goes through this, so a bug
 * upstream (or a hostile request path) can never put an ID or a tracking number in a series name
 * and blow up the number of series.
 */
export function boundedLabel<T extends string>(value: string | undefined, allowed: readonly T[]): T | typeof OTHER_LABEL {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : OTHER_LABEL;
}
