import { randomBytes } from 'node:crypto';

/** One AES-256 key of the ring; `id` travels in each payload's metadata, the key never does. */
export interface PayloadEncryptionKey {
  id: string;
  material: Uint8Array;
}

/** AES-256 takes exactly 32 bytes of key. */
export const PAYLOAD_KEY_BYTES = 32;

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Standard base64 with its padding, as `openssl rand -base64 32` prints it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The key every test encrypts with. Public, like the sandbox's credentials: committed so replay
 * histories recorded with it stay readable, and refused in production.
 */
export const TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS = `test-only-not-secret:${Buffer.from('waybill-test-only-payload-key-32').toString('base64')}`;

/**
 * Parses `kid1:<base64 of 32 bytes>,kid0:<base64>`. The first key encrypts new payloads; every
 * listed key decrypts, so a new key goes first and the old ones stay listed for as long as histories
 * they encrypted may still be read (docs/payload-encryption.md). Errors never quote key material.
 */
export function parsePayloadEncryptionKeys(spec: string): PayloadEncryptionKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, index) => {
      const colon = part.indexOf(':');
      const id = part.slice(0, colon).trim();
      const encoded = part.slice(colon + 1).trim();
      if (colon < 1 || !KEY_ID.test(id)) {
        throw new Error(`PAYLOAD_ENCRYPTION_KEYS entry ${index + 1}: each entry is KEY_ID:BASE64_KEY, KEY_ID being 1-64 letters, digits, ".", "_" or "-"`);
      }
      const material = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
      if (!material || material.length !== PAYLOAD_KEY_BYTES) {
        throw new Error(`PAYLOAD_ENCRYPTION_KEYS key "${id}" must be ${PAYLOAD_KEY_BYTES} random bytes in standard base64 (openssl rand -base64 32)`);
      }
      return { id, material: new Uint8Array(material) };
    });
  if (keys.length === 0) throw new Error('PAYLOAD_ENCRYPTION_KEYS holds no keys');
  const ids = keys.map((k) => k.id);
  if (new Set(ids).size !== ids.length) throw new Error('PAYLOAD_ENCRYPTION_KEYS names a key ID twice');
  return keys;
}

/** True when the ring holds the committed test key, under any ID: production must not. */
export function holdsTestOnlyKey(keys: readonly PayloadEncryptionKey[]): boolean {
  const [testKey] = parsePayloadEncryptionKeys(TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS);
  return keys.some((key) => Buffer.from(key.material).equals(Buffer.from(testKey.material)));
}

/**
 * A fresh development key in PAYLOAD_ENCRYPTION_KEYS form. Its ID is unique too, so a history
 * encrypted with another development key is reported as "unknown key", not as tampered.
 */
export function generateDevPayloadEncryptionKeys(): string {
  return `dev-${randomBytes(4).toString('hex')}:${randomBytes(PAYLOAD_KEY_BYTES).toString('base64')}`;
}
