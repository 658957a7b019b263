import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiKeyAuthenticator, type StoredApiKeyLookup, type StoredKeyRecord } from '../../../src/auth/api-key-authenticator';
import { digestOf, parseApiKeys } from '../../../src/auth/api-keys';

const ENVIRONMENT_KEY = 'env_platform_key_0123456789';
const STORED_KEY = 'wb_test_storedKey000000000000000000000000000000';
const storedDigest = digestOf(STORED_KEY).toString('hex');

/** A lookup over one record, counting the calls the authenticator makes. */
function lookupOf(record: StoredKeyRecord | undefined) {
  const calls = { find: 0, touch: [] as Array<{ keyId: string; at: Date }> };
  const store: StoredApiKeyLookup & { record: StoredKeyRecord | undefined; failing: boolean } = {
    record,
    failing: false,
    async findByDigest(digest) {
      calls.find += 1;
      if (store.failing) throw new Error('connection refused');
      return digest === storedDigest ? store.record : undefined;
    },
    async find(keyId) {
      calls.find += 1;
      if (store.failing) throw new Error('connection refused');
      return keyId === store.record?.keyId ? store.record : undefined;
    },
    async touchLastUsed(keyId, at) {
      calls.touch.push({ keyId, at });
    },
  };
  return { store, calls };
}

describe('ApiKeyAuthenticator', () => {
  let now: Date;
  const clock = () => now;
  const environment = parseApiKeys(`platform:${ENVIRONMENT_KEY}`);
  const record: StoredKeyRecord = { keyId: 'key_0123456789ab', role: 'support' };

  beforeEach(() => {
    now = new Date('2026-11-27T10:00:00Z');
  });

  const authenticatorOver = (store: StoredApiKeyLookup | undefined, cacheTtlMs = 5_000) => new ApiKeyAuthenticator(environment, store, { cacheTtlMs, now: clock });

  it('accepts the environment’s keys without asking the store', async () => {
    const { store, calls } = lookupOf(record);
    expect(await authenticatorOver(store).authenticate(ENVIRONMENT_KEY)).toEqual({ role: 'platform', keyId: environment[0].keyId });
    expect(calls.find).toBe(0);
  });

  it('accepts a stored key by its digest, with its role and key ID', async () => {
    const { store } = lookupOf(record);
    expect(await authenticatorOver(store).authenticate(STORED_KEY)).toEqual({ role: 'support', keyId: 'key_0123456789ab' });
  });

  it('refuses unknown, revoked and expired keys', async () => {
    expect(await authenticatorOver(lookupOf(record).store).authenticate('wb_test_unknown')).toBeUndefined();
    expect(await authenticatorOver(lookupOf({ ...record, revokedAt: new Date('2026-11-27T09:00:00Z') }).store).authenticate(STORED_KEY)).toBeUndefined();
    expect(await authenticatorOver(lookupOf({ ...record, expiresAt: new Date('2026-11-27T10:00:00Z') }).store).authenticate(STORED_KEY)).toBeUndefined();
  });

  it('accepts only the environment’s keys without a store', async () => {
    const authenticator = authenticatorOver(undefined);
    expect(await authenticator.authenticate(ENVIRONMENT_KEY)).toBeDefined();
    expect(await authenticator.authenticate(STORED_KEY)).toBeUndefined();
  });

  it('reuses a lookup for the cache’s lifetime, then asks again: a revocation elsewhere shows within the bound', async () => {
    const { store, calls } = lookupOf(record);
    const authenticator = authenticatorOver(store, 5_000);
    await authenticator.authenticate(STORED_KEY);
    store.record = { ...record, revokedAt: now };
    now = new Date(now.getTime() + 4_999);
    expect(await authenticator.authenticate(STORED_KEY)).toBeDefined();
    now = new Date(now.getTime() + 1);
    expect(await authenticator.authenticate(STORED_KEY)).toBeUndefined();
    expect(calls.find).toBe(2);
  });

  it('stops a cached key at its expiry, without waiting for the cache', async () => {
    const { store } = lookupOf({ ...record, expiresAt: new Date('2026-11-27T10:00:03Z') });
    const authenticator = authenticatorOver(store, 60_000);
    expect(await authenticator.authenticate(STORED_KEY)).toBeDefined();
    now = new Date('2026-11-27T10:00:03Z');
    expect(await authenticator.authenticate(STORED_KEY)).toBeUndefined();
  });

  it('forgets a key at once when told (the replica that revoked or rotated it)', async () => {
    const { store, calls } = lookupOf(record);
    const authenticator = authenticatorOver(store, 60_000);
    await authenticator.authenticate(STORED_KEY);
    store.record = { ...record, revokedAt: now };
    authenticator.forget(storedDigest);
    expect(await authenticator.authenticate(STORED_KEY)).toBeUndefined();
    expect(calls.find).toBe(2);
  });

  it('remembers unknown keys too, so a flood of made-up keys costs one lookup each per cache period', async () => {
    const { store, calls } = lookupOf(record);
    const authenticator = authenticatorOver(store);
    for (let i = 0; i < 5; i += 1) await authenticator.authenticate('wb_test_madeUp');
    expect(calls.find).toBe(1);
  });

  it('fails closed with 503 when the store cannot answer, and keeps the environment’s keys working', async () => {
    const { store } = lookupOf(record);
    store.failing = true;
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const authenticator = authenticatorOver(store);
    await expect(authenticator.authenticate(STORED_KEY)).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(await authenticator.authenticate(ENVIRONMENT_KEY)).toBeDefined();
  });

  it('records a key’s last use at most once a minute', async () => {
    const { store, calls } = lookupOf(record);
    const authenticator = authenticatorOver(store, 0);
    await authenticator.authenticate(STORED_KEY);
    now = new Date(now.getTime() + 59_000);
    await authenticator.authenticate(STORED_KEY);
    now = new Date(now.getTime() + 1_000);
    await authenticator.authenticate(STORED_KEY);
    expect(calls.touch.map((t) => t.at.toISOString())).toEqual(['2026-11-27T10:00:00.000Z', '2026-11-27T10:01:00.000Z']);
  });

  describe('sessions, which carry only the key ID', () => {
    it('stay valid while their key is configured, or stored and live', async () => {
      const authenticator = authenticatorOver(lookupOf(record).store);
      expect(await authenticator.isActive(environment[0].keyId)).toBe(true);
      expect(await authenticator.isActive(record.keyId)).toBe(true);
      expect(await authenticator.isActive('key_unknown00000')).toBe(false);
    });

    it('end when their key is revoked or expires', async () => {
      expect(await authenticatorOver(lookupOf({ ...record, revokedAt: new Date('2026-11-27T09:00:00Z') }).store).isActive(record.keyId)).toBe(false);
      expect(await authenticatorOver(lookupOf({ ...record, expiresAt: new Date('2026-11-27T10:00:00Z') }).store).isActive(record.keyId)).toBe(false);
    });

    it('see a revocation on this replica at once, once told', async () => {
      const { store } = lookupOf(record);
      const authenticator = authenticatorOver(store, 60_000);
      expect(await authenticator.isActive(record.keyId)).toBe(true);
      store.record = { ...record, revokedAt: now };
      expect(await authenticator.isActive(record.keyId)).toBe(true); // still cached
      authenticator.forget(storedDigest, record.keyId);
      expect(await authenticator.isActive(record.keyId)).toBe(false);
    });

    it('end without a store unless the key is configured', async () => {
      expect(await authenticatorOver(undefined).isActive(record.keyId)).toBe(false);
    });
  });
});
