import { createHash, timingSafeEqual } from 'node:crypto';

export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/** `Basic base64(id:secret)`; null when the header is missing or malformed. */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** `Bearer <token>`; null when the header is missing or uses another scheme. */
export function parseBearerAuthorization(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/** Equal-time comparison; hashing first makes the inputs the same length without leaking it. */
export function constantTimeEquals(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function credentialsMatch(given: BasicCredentials, expected: BasicCredentials): boolean {
  // Both comparisons always run, so timing does not tell which half was wrong.
  const idMatches = constantTimeEquals(given.clientId, expected.clientId);
  const secretMatches = constantTimeEquals(given.clientSecret, expected.clientSecret);
  return idMatches && secretMatches;
}
