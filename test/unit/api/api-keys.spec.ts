import crypto from 'node:crypto';
import { API_ROLES, authenticate, generateDevApiKeys, parseApiKeys, roleAllows, type ApiRole } from '../../../src/auth/api-keys';

const PLATFORM_KEY = 'pk_live_0123456789abcdef';
const SUPPORT_KEY = 'sk_live_fedcba9876543210';
const ADMIN_KEY = 'ak_live_00112233445566778899';
const SPEC = `platform:${PLATFORM_KEY},support:${SUPPORT_KEY},admin:${ADMIN_KEY}`;

const sha256 = (value: string): Buffer => crypto.createHash('sha256').update(value, 'utf8').digest();

describe('parseApiKeys', () => {
  it('parses one key per role into role, digest and a non-secret keyId', () => {
    const entries = parseApiKeys(SPEC);
    expect(entries.map((e) => e.role)).toEqual(['platform', 'support', 'admin']);
    expect(entries[0].digest.equals(sha256(PLATFORM_KEY))).toBe(true);
    expect(entries[1].digest.equals(sha256(SUPPORT_KEY))).toBe(true);
    expect(entries[2].digest.equals(sha256(ADMIN_KEY))).toBe(true);
    for (const entry of entries) expect(entry.keyId).toMatch(/^key_[0-9a-f]{12}$/);
    expect(new Set(entries.map((e) => e.keyId)).size).toBe(3);
  });

  it('keeps no copy of the key itself in the entries', () => {
    const serialized = JSON.stringify(parseApiKeys(SPEC));
    for (const key of [PLATFORM_KEY, SUPPORT_KEY, ADMIN_KEY]) expect(serialized).not.toContain(key);
  });

  it('allows several keys per role (key rotation)', () => {
    const next = 'pk_live_rotated_000000000';
    const entries = parseApiKeys(`platform:${PLATFORM_KEY},platform:${next},support:${SUPPORT_KEY}`);
    expect(entries.map((e) => e.role)).toEqual(['platform', 'platform', 'support']);
    expect(entries[0].keyId).not.toBe(entries[1].keyId);
    expect(authenticate(PLATFORM_KEY, entries)?.role).toBe('platform');
    expect(authenticate(next, entries)?.role).toBe('platform');
  });

  it('tolerates whitespace and empty entries around the separators', () => {
    const entries = parseApiKeys(` platform : ${PLATFORM_KEY} , ,support:${SUPPORT_KEY},`);
    expect(entries.map((e) => e.role)).toEqual(['platform', 'support']);
    expect(authenticate(PLATFORM_KEY, entries)?.role).toBe('platform');
  });

  it('keeps colons inside a key', () => {
    const key = 'abc:def:0123456789xyz';
    const entries = parseApiKeys(`admin:${key}`);
    expect(authenticate(key, entries)).toEqual({ role: 'admin', keyId: entries[0].keyId });
  });

  it.each([
    ['an unknown role', `root:${ADMIN_KEY}`],
    ['an upper-case role', `PLATFORM:${PLATFORM_KEY}`],
    ['no role', `:${PLATFORM_KEY}`],
    ['no colon at all', PLATFORM_KEY],
  ])('refuses %s', (_what, spec) => {
    expect(() => parseApiKeys(spec)).toThrow(/ROLE:KEY/);
  });

  it('refuses a key shorter than 16 characters, without echoing it', () => {
    const short = 'abcdefghijklmno'; // 15
    let message = '';
    try {
      parseApiKeys(`platform:${PLATFORM_KEY},support:${short}`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/at least 16/);
    expect(message).not.toContain(short);
    expect(() => parseApiKeys(`support:${short}p`)).not.toThrow();
  });

  it('refuses an empty key after the role', () => {
    expect(() => parseApiKeys('platform:')).toThrow(/at least 16/);
  });

  it.each([[''], ['   '], [','], [' , , ']])('refuses the spec %j that holds no keys', (spec) => {
    expect(() => parseApiKeys(spec)).toThrow(/no keys/);
  });
});

describe('authenticate', () => {
  const entries = parseApiKeys(SPEC);

  it('answers the role and keyId of the presented key', () => {
    expect(authenticate(PLATFORM_KEY, entries)).toEqual({ role: 'platform', keyId: entries[0].keyId });
    expect(authenticate(SUPPORT_KEY, entries)).toEqual({ role: 'support', keyId: entries[1].keyId });
    expect(authenticate(ADMIN_KEY, entries)).toEqual({ role: 'admin', keyId: entries[2].keyId });
  });

  it.each([
    ['a wrong key', 'pk_live_0123456789abcdeX'],
    ['a prefix of a real key', PLATFORM_KEY.slice(0, -1)],
    ['a real key with a trailing space', `${PLATFORM_KEY} `],
    ['a real key in upper case', PLATFORM_KEY.toUpperCase()],
    ['the empty string', ''],
    ['a keyId', entries[0].keyId],
  ])('refuses %s', (_what, presented) => {
    expect(authenticate(presented, entries)).toBeUndefined();
  });

  it('refuses everything when no entries are configured', () => {
    expect(authenticate(PLATFORM_KEY, [])).toBeUndefined();
  });

  it('gives a keyId that is stable across parses and reveals nothing of the key', () => {
    const again = parseApiKeys(`admin:${ADMIN_KEY},platform:${PLATFORM_KEY}`);
    const first = authenticate(PLATFORM_KEY, entries);
    const second = authenticate(PLATFORM_KEY, again);
    expect(second?.keyId).toBe(first?.keyId);
    const keyId = first?.keyId ?? '';
    // Not the key, no 4+ character run of the key, and not a prefix of the key's unsalted hex digest long enough to brute-force.
    expect(keyId).not.toContain(PLATFORM_KEY);
    for (let i = 0; i + 4 <= PLATFORM_KEY.length; i++) expect(keyId).not.toContain(PLATFORM_KEY.slice(i, i + 4));
    expect(keyId.length).toBeLessThanOrEqual(16);
  });

  it('compares against every configured entry, with no early exit on a match', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      authenticate(PLATFORM_KEY, entries); // matches the first entry
      const afterFirst = spy.mock.calls.length;
      authenticate('definitely-not-a-configured-key', entries); // matches none
      expect(afterFirst).toBe(entries.length);
      expect(spy.mock.calls.length - afterFirst).toBe(entries.length);
      for (const [a, b] of spy.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('roleAllows', () => {
  it('lets admin call every route, even one naming no roles', () => {
    expect(roleAllows('admin', [])).toBe(true);
    expect(roleAllows('admin', ['platform'])).toBe(true);
    expect(roleAllows('admin', ['support'])).toBe(true);
  });

  it('lets other roles call only routes that name them', () => {
    expect(roleAllows('platform', ['platform'])).toBe(true);
    expect(roleAllows('support', ['platform', 'support'])).toBe(true);
    expect(roleAllows('support', ['platform'])).toBe(false);
    expect(roleAllows('platform', ['support'])).toBe(false);
  });

  it('fails closed for a route that names no roles', () => {
    expect(roleAllows('platform', [])).toBe(false);
    expect(roleAllows('support', [])).toBe(false);
  });
});

describe('generateDevApiKeys', () => {
  it('generates one key per role that parses back and authenticates as that role', () => {
    const spec = generateDevApiKeys();
    const entries = parseApiKeys(spec);
    expect(entries.map((e) => e.role).sort()).toEqual([...API_ROLES].sort());
    for (const part of spec.split(',')) {
      const colon = part.indexOf(':');
      const role = part.slice(0, colon) as ApiRole;
      const key = part.slice(colon + 1);
      expect(key.length).toBeGreaterThanOrEqual(16);
      expect(authenticate(key, entries)?.role).toBe(role);
    }
  });

  it('generates different keys on every call', () => {
    const a = generateDevApiKeys();
    const b = generateDevApiKeys();
    expect(a).not.toBe(b);
    const keysOf = (spec: string) => spec.split(',').map((part) => part.slice(part.indexOf(':') + 1));
    for (const key of keysOf(a)) expect(keysOf(b)).not.toContain(key);
  });
});
