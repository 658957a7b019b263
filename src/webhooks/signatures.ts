import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both sides are hashed first, so inputs of different
 * lengths take the same path and the length of the expected value does not leak.
 */
export function constantTimeEquals(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export const hmacSha256 = (secret: string | Buffer, body: Buffer, encoding: 'base64' | 'hex'): string =>
  createHmac('sha256', secret).update(body).digest(encoding);

/** A single header value; repeated headers are refused rather than guessed at. */
export function singleHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}
