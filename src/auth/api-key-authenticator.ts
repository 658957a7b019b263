import { Inject, Injectable, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import { authenticate, digestOf, type ApiKeyEntry, type ApiRole, type Principal } from './api-keys';
import { ExpiringCache } from './expiring-cache';

/** The keys from WAYBILL_API_KEYS, parsed: always valid, checked before any stored key. */
export const API_KEY_ENTRIES = Symbol('waybill:api-key-entries');
/** Where keys made through the API are looked up; absent, only WAYBILL_API_KEYS authenticates. */
export const STORED_API_KEYS = Symbol('waybill:stored-api-keys');
export const API_KEY_AUTHENTICATOR_OPTIONS = Symbol('waybill:api-key-authenticator-options');

/** What authentication needs to know of a stored key. */
export interface StoredKeyRecord {
  keyId: string;
  role: ApiRole;
  expiresAt?: Date;
  revokedAt?: Date;
}

export interface StoredApiKeyLookup {
  /** By the key's SHA-256 digest in hex. */
  findByDigest(digest: string): Promise<StoredKeyRecord | undefined>;
  /** By the key's non-secret ID: how a dashboard session, which never holds the key, is checked. */
  find(keyId: string): Promise<StoredKeyRecord | undefined>;
  touchLastUsed(keyId: string, at: Date): Promise<void>;
}

export interface ApiKeyAuthenticatorOptions {
  /**
   * How long a lookup is reused. It bounds how long a revoked key keeps working on a replica that
   * had just looked it up (the replica that revoked it forgets it at once).
   */
  cacheTtlMs: number;
  now?: () => Date;
}

/** Lookups remembered per replica: enough for every live key, small enough that a flood of made-up keys cannot grow it. */
const CACHE_CAPACITY = 10_000;
const KEY_ID_PREFIX = 'id:';
/** `lastUsedAt` is a day-to-day aid ("is this key still in use?"), so a minute's precision is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Turns a presented API key into who is calling. Keys from WAYBILL_API_KEYS are compared in
 * constant time against every configured key; any other key is looked up by its SHA-256 digest in
 * `api_keys`. Looking up by digest leaks nothing useful through timing: the digest of a guess says
 * nothing about the digest of a real key. Expiry is checked on every request against the clock, so
 * an expiring key stops at its time to the second; revocation reaches other replicas within
 * `cacheTtlMs`.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly cache: ExpiringCache<string, StoredKeyRecord | null>;
  private readonly lastTouched = new Map<string, number>();
  private readonly now: () => Date;

  constructor(
    @Inject(API_KEY_ENTRIES) private readonly entries: readonly ApiKeyEntry[],
    @Optional() @Inject(STORED_API_KEYS) private readonly store?: StoredApiKeyLookup,
    @Optional() @Inject(API_KEY_AUTHENTICATOR_OPTIONS) options?: ApiKeyAuthenticatorOptions,
  ) {
    this.now = options?.now ?? (() => new Date());
    this.cache = new ExpiringCache(options?.cacheTtlMs ?? 5_000, CACHE_CAPACITY, () => this.now().getTime());
  }

  async authenticate(presented: string): Promise<Principal | undefined> {
    const configured = authenticate(presented, this.entries);
    if (configured || !this.store) return configured;
    const digest = digestOf(presented).toString('hex');
    const record = await this.lookup(digest);
    if (!record || record.revokedAt) return undefined;
    const now = this.now();
    if (record.expiresAt && record.expiresAt.getTime() <= now.getTime()) return undefined;
    this.touch(record.keyId, now);
    return { role: record.role, keyId: record.keyId };
  }

  /**
   * Whether a session signed in with this key may still act: the key is configured, or stored and
   * neither revoked nor expired. So revoking a key ends its dashboard sessions too, within the same
   * bound as the key itself.
   */
  async isActive(keyId: string): Promise<boolean> {
    if (this.entries.some((entry) => entry.keyId === keyId)) return true;
    if (!this.store) return false;
    const record = await this.lookup(`${KEY_ID_PREFIX}${keyId}`);
    return !!record && !record.revokedAt && !(record.expiresAt && record.expiresAt.getTime() <= this.now().getTime());
  }

  /** Drops what this replica remembers of a key: called when it is created, revoked or rotated here. */
  forget(digest: string, keyId?: string): void {
    this.cache.delete(digest);
    if (keyId) this.cache.delete(`${KEY_ID_PREFIX}${keyId}`);
  }

  /** `cacheKey` is a digest in hex, or a key ID behind KEY_ID_PREFIX (which no hex digest starts with). */
  private async lookup(cacheKey: string): Promise<StoredKeyRecord | null> {
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    let record: StoredKeyRecord | null;
    try {
      const store = this.store;
      const found = cacheKey.startsWith(KEY_ID_PREFIX) ? store?.find(cacheKey.slice(KEY_ID_PREFIX.length)) : store?.findByDigest(cacheKey);
      record = (await found) ?? null;
    } catch (err) {
      // Fail closed: a key that cannot be checked is not accepted, and the caller is told to retry.
      this.logger.error(`API key lookup failed: ${err instanceof Error ? err.message : String(err)}`);
      throw new ServiceUnavailableException('API keys cannot be checked right now; retry shortly.');
    }
    this.cache.set(cacheKey, record);
    return record;
  }

  private touch(keyId: string, now: Date): void {
    const last = this.lastTouched.get(keyId) ?? 0;
    if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.lastTouched.set(keyId, now.getTime());
    if (this.lastTouched.size > CACHE_CAPACITY) this.lastTouched.delete(this.lastTouched.keys().next().value as string);
    this.store?.touchLastUsed(keyId, now).catch((err: unknown) => {
      this.logger.warn(`Could not record the last use of ${keyId}: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
}
