import { randomBytes } from 'node:crypto';

/** One signing key for customer tokens; `kid` travels in the token's header, the secret never does. */
export interface CustomerTokenKey {
  kid: string;
  secret: Uint8Array;
}

/** HS256 needs a key at least as long as its 256-bit output (RFC 7518 §3.2); 32 characters is that much. */
export const MIN_CUSTOMER_TOKEN_SECRET_LENGTH = 32;

const KID = /^[A-Za-z0-9._-]{1,32}$/;

/**
 * Parses `kid1:secret1,kid2:secret2`. The first key signs new tokens; every listed key verifies, so a
 * new key goes first and the old one stays listed until the tokens it signed have expired.
 */
export function parseCustomerTokenSecrets(spec: string): CustomerTokenKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const kid = part.slice(0, colon).trim();
      const secret = part.slice(colon + 1).trim();
      if (colon < 1 || !KID.test(kid)) {
        throw new Error('CUSTOMER_TOKEN_SECRETS: each entry is KID:SECRET, KID being 1-32 letters, digits, ".", "_" or "-"');
      }
      if (secret.length < MIN_CUSTOMER_TOKEN_SECRET_LENGTH) {
        throw new Error(`CUSTOMER_TOKEN_SECRETS: secrets must be at least ${MIN_CUSTOMER_TOKEN_SECRET_LENGTH} characters`);
      }
      return { kid, secret: new TextEncoder().encode(secret) };
    });
  if (keys.length === 0) throw new Error('CUSTOMER_TOKEN_SECRETS holds no keys');
  const kids = keys.map((k) => k.kid);
  if (new Set(kids).size !== kids.length) throw new Error('CUSTOMER_TOKEN_SECRETS names a kid twice');
  return keys;
}

/** A development key in CUSTOMER_TOKEN_SECRETS form. */
export function generateDevCustomerTokenSecrets(): string {
  return `dev:wb_dev_${randomBytes(32).toString('base64url')}`;
}
