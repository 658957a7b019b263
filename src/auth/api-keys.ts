import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_ROLES = ['platform', 'support', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiKeyEntry {
  role: ApiRole;
  /** SHA-256 of the key: the key itself is never kept in memory longer than parsing takes. */
  digest: Buffer;
  /** A non-secret name for the key, for history entries and logs. */
  keyId: string;
}

export interface Principal {
  role: ApiRole;
  keyId: string;
}

const MIN_KEY_LENGTH = 16;

export const digestOf = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();
/** The same for every key, configured or stored: history entries and logs name keys this way. */
export const keyIdOf = (digest: Buffer): string => `key_${digest.toString('hex').slice(0, 12)}`;

/** Parses `platform:KEY,support:KEY,admin:KEY` (several keys per role are allowed). */
export function parseApiKeys(spec: string): ApiKeyEntry[] {
  const entries = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const role = part.slice(0, colon).trim();
      const key = part.slice(colon + 1).trim();
      if (colon < 1 || !(API_ROLES as readonly string[]).includes(role)) {
        throw new Error(`WAYBILL_API_KEYS: each entry is ROLE:KEY with ROLE one of ${API_ROLES.join(', ')}`);
      }
      if (key.length < MIN_KEY_LENGTH) throw new Error(`WAYBILL_API_KEYS: keys must be at least ${MIN_KEY_LENGTH} characters`);
      const digest = digestOf(key);
      return { role: role as ApiRole, digest, keyId: keyIdOf(digest) };
    });
  if (entries.length === 0) throw new Error('WAYBILL_API_KEYS holds no keys');
  return entries;
}

/**
 * Finds the key's entry in constant time with respect to the configured keys: every entry is
 * compared, equal-length digests go to `timingSafeEqual`, and there is no early exit.
 */
export function authenticate(presented: string, entries: readonly ApiKeyEntry[]): Principal | undefined {
  const digest = digestOf(presented);
  let match: ApiKeyEntry | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(digest, entry.digest) && !match) match = entry;
  }
  return match && { role: match.role, keyId: match.keyId };
}

/** Admin may do everything; other roles only what a route names. */
export const roleAllows = (role: ApiRole, allowed: readonly ApiRole[]): boolean => role === 'admin' || allowed.includes(role);

/** How keys made by `POST /v1/api-keys` begin: secret scanners and people can tell them apart. */
export const STORED_KEY_PREFIXES = { production: 'wb_live_', other: 'wb_test_' } as const;

/** A new key: the prefix and 256 random bits. Only its digest is ever stored. */
export const generateApiKey = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Development keys, one per role, in WAYBILL_API_KEYS form. */
export function generateDevApiKeys(): string {
  return API_ROLES.map((role) => `${role}:wb_dev_${role}_${randomBytes(12).toString('hex')}`).join(',');
}
