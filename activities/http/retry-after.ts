/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into milliseconds from now.
 * Returns undefined when the header is absent or unusable, so callers fall back to their backoff.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
