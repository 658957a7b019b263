import {
  generateDevPayloadEncryptionKeys,
  holdsTestOnlyKey,
  parsePayloadEncryptionKeys,
  PAYLOAD_KEY_BYTES,
  TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS,
} from '../../../src/temporal/payload-encryption/payload-encryption-keys';

const key = (fill: number): string => Buffer.alloc(PAYLOAD_KEY_BYTES, fill).toString('base64');

describe('parsePayloadEncryptionKeys', () => {
  it('reads KEY_ID:BASE64 pairs in order, the first being the one that encrypts', () => {
    const keys = parsePayloadEncryptionKeys(` kid2:${key(2)} , kid1:${key(1)},`);
    expect(keys.map((k) => k.id)).toEqual(['kid2', 'kid1']);
    expect(Buffer.from(keys[0].material)).toEqual(Buffer.alloc(32, 2));
    expect(Buffer.from(keys[1].material)).toEqual(Buffer.alloc(32, 1));
  });

  it('accepts the output of openssl rand -base64 32 and key IDs with dots, dashes and underscores', () => {
    expect(parsePayloadEncryptionKeys(`2026-05_prod.k1:${key(7)}`)[0].id).toBe('2026-05_prod.k1');
  });

  it.each([
    ['an empty value', '', /no keys/],
    ['a missing key ID', `:${key(1)}`, /KEY_ID:BASE64_KEY/],
    ['no colon at all', key(1), /KEY_ID:BASE64_KEY/],
    ['a key ID with a space', `my kid:${key(1)}`, /KEY_ID:BASE64_KEY/],
    ['a 16-byte key (AES-128)', `k1:${Buffer.alloc(16, 1).toString('base64')}`, /32 random bytes/],
    ['a 33-byte key', `k1:${Buffer.alloc(33, 1).toString('base64')}`, /32 random bytes/],
    ['a passphrase instead of base64', 'k1:correct horse battery staple correct horse', /32 random bytes/],
    ['base64url', `k1:${Buffer.alloc(32, 0xfb).toString('base64url')}`, /32 random bytes/],
    ['the same key ID twice', `k1:${key(1)},k1:${key(2)}`, /twice/],
  ])('refuses %s', (_what, spec, message) => {
    expect(() => parsePayloadEncryptionKeys(spec)).toThrow(message);
  });

  it('never quotes key material in its errors', () => {
    const secret = Buffer.alloc(31, 9).toString('base64');
    let message = '';
    try {
      parsePayloadEncryptionKeys(`k1:${secret}`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/key "k1" must be 32 random bytes/);
    expect(message).not.toContain(secret);
  });

  it('generates distinct development keys that parse, with distinct key IDs', () => {
    const [a, b] = [generateDevPayloadEncryptionKeys(), generateDevPayloadEncryptionKeys()];
    const [keyA] = parsePayloadEncryptionKeys(a);
    const [keyB] = parsePayloadEncryptionKeys(b);
    expect(keyA.id).toMatch(/^dev-[0-9a-f]{8}$/);
    expect(keyA.id).not.toBe(keyB.id);
    expect(Buffer.from(keyA.material).equals(Buffer.from(keyB.material))).toBe(false);
  });

  it('recognises the committed test key under any key ID', () => {
    const [testKey] = parsePayloadEncryptionKeys(TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS);
    expect(testKey.id).toMatch(/test-only/);
    const renamed = `prod:${Buffer.from(testKey.material).toString('base64')}`;
    expect(holdsTestOnlyKey(parsePayloadEncryptionKeys(`k2:${key(2)},${renamed}`))).toBe(true);
    expect(holdsTestOnlyKey(parsePayloadEncryptionKeys(`k2:${key(2)}`))).toBe(false);
  });
});
