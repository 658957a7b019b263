import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CustomerTokenKey } from './customer-token-secrets';
import type { TokenFailure } from './key-ring-jwt';

/**
 * A customer token short enough for an SMS (about 45 characters against a JWT's 300): the same
 * grant (one order, until an expiry) signed with the same key ring, as
 * `<kid>~<order ID, base64url>~<expiry, unix seconds in base 36>~<HMAC-SHA256, first 132 bits>`.
 * `~` never appears in a JWT, so the two forms cannot be mistaken for each other.
 */

const SEPARATOR = '~';
/** 22 base64url characters: 132 bits of the HMAC, far beyond guessing within a token's life. */
const MAC_LENGTH = 22;
const DOMAIN = 'waybill:customer-token:compact:v1';

export interface CompactClaims {
  orderId: string;
  expiresAtSeconds: number;
  mac: string;
}

const macOf = (key: CustomerTokenKey, orderId: string, expiresAtSeconds: number): string =>
  createHmac('sha256', key.secret).update(`${DOMAIN}\n${orderId}\n${expiresAtSeconds}`).digest('base64url').slice(0, MAC_LENGTH);

export const isCompactToken = (token: string): boolean => token.includes(SEPARATOR);

export function signCompact(key: CustomerTokenKey, orderId: string, expiresAtSeconds: number): string {
  const expiry = expiresAtSeconds.toString(36);
  return [key.kid, Buffer.from(orderId, 'utf8').toString('base64url'), expiry, macOf(key, orderId, expiresAtSeconds)].join(SEPARATOR);
}

/** Checks shape, key, signature (in constant time), then expiry; throws nothing, answers why it refused. */
export function verifyCompact(
  keys: readonly CustomerTokenKey[],
  token: string,
  nowSeconds: number,
): { claims: CompactClaims } | { refused: TokenFailure } {
  const parts = token.split(SEPARATOR);
  if (parts.length !== 4) return { refused: 'malformed' };
  const [kid, encodedOrderId, expiry, mac] = parts;
  if (!/^[A-Za-z0-9_-]+$/.test(encodedOrderId) || !/^[0-9a-z]{1,10}$/.test(expiry) || mac.length !== MAC_LENGTH) return { refused: 'malformed' };
  const key = keys.find((candidate) => candidate.kid === kid);
  if (!key) return { refused: 'unknown_key' };
  const orderId = Buffer.from(encodedOrderId, 'base64url').toString('utf8');
  const expiresAtSeconds = parseInt(expiry, 36);
  const expected = Buffer.from(macOf(key, orderId, expiresAtSeconds));
  const presented = Buffer.from(mac);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { refused: 'bad_signature' };
  if (expiresAtSeconds <= nowSeconds) return { refused: 'expired' };
  return { claims: { orderId, expiresAtSeconds, mac } };
}
