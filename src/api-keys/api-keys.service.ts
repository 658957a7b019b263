import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ApiKeyAuthenticator, API_KEY_ENTRIES } from '../auth/api-key-authenticator';
import { digestOf, generateApiKey, keyIdOf, type ApiKeyEntry, type ApiRole, type Principal } from '../auth/api-keys';
import { ApiKeysRepository, type StoredApiKey } from '../persistence/api-keys.repository';
import { isDuplicateKeyError } from '../persistence/mongoose-safety';
import type { ApiKeyView, NewApiKeyResponse, RotatedApiKeyResponse } from './api-keys.responses';

export const API_KEYS_OPTIONS = Symbol('waybill:api-keys-options');

export interface ApiKeysOptions {
  /** What new keys begin with (`wb_live_` in production). */
  keyPrefix: string;
  now?: () => Date;
}

/** Refusals answer `{ statusCode, error: <reason>, message }`, like the order workflow's. */
const conflict = (error: string, message: string) => new ConflictException({ statusCode: 409, error, message });

/**
 * Keys made, listed, revoked and rotated by admins. A key is shown once, in the answer that made
 * it; only its SHA-256 digest is stored. Keys from WAYBILL_API_KEYS are listed but can only be
 * changed in the environment.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly now: () => Date;

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(API_KEY_ENTRIES) private readonly environmentKeys: readonly ApiKeyEntry[],
    @Inject(API_KEYS_OPTIONS) private readonly options: ApiKeysOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async create(request: { role: ApiRole; label: string; expiresAt?: string }, actor: Principal): Promise<NewApiKeyResponse> {
    const { key, stored } = await this.insertNew({
      role: request.role,
      label: request.label,
      createdBy: actor.keyId,
      ...(request.expiresAt ? { expiresAt: new Date(request.expiresAt) } : {}),
    });
    this.logger.log(`API key ${stored.keyId} (role ${stored.role}) created by ${actor.keyId}`);
    return { key, apiKey: this.view(stored) };
  }

  async list({ includeRevoked }: { includeRevoked: boolean }): Promise<{ apiKeys: ApiKeyView[] }> {
    const stored = await this.keys.list({ includeRevoked });
    return { apiKeys: [...this.environmentKeys.map(environmentView), ...stored.map((k) => this.view(k))] };
  }

  /** Idempotent: revoking a revoked key answers it as it is, first revoker and time kept. */
  async revoke(keyId: string, actor: Principal): Promise<ApiKeyView> {
    this.refuseEnvironmentKey(keyId);
    const revoked = await this.keys.revoke(keyId, actor.keyId, this.now());
    if (!revoked) throw new NotFoundException(`API key ${keyId} not found.`);
    this.authenticator.forget(revoked.digest, revoked.keyId);
    this.logger.log(`API key ${keyId} revoked by ${actor.keyId}`);
    return this.view(revoked);
  }

  /**
   * A new key with the same role replaces a live one, which stops at once or, with a grace period,
   * expires then (never later than it already would). A key is rotated once: the replacement is
   * what gets rotated next.
   */
  async rotate(keyId: string, request: { gracePeriodSeconds: number; label?: string }, actor: Principal): Promise<RotatedApiKeyResponse> {
    this.refuseEnvironmentKey(keyId);
    const old = await this.keys.find(keyId);
    if (!old) throw new NotFoundException(`API key ${keyId} not found.`);
    this.refuseUnrotatable(old);

    const now = this.now();
    const { key, stored } = await this.insertNew({
      role: old.role,
      label: request.label ?? old.label,
      createdBy: actor.keyId,
      rotatedFrom: old.keyId,
      ...(old.expiresAt ? { expiresAt: old.expiresAt } : {}),
    });
    const graceEnd = new Date(now.getTime() + request.gracePeriodSeconds * 1000);
    const end =
      request.gracePeriodSeconds === 0
        ? { revokedAt: now, revokedBy: actor.keyId }
        : { expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd };
    if (!(await this.keys.markReplaced(old.keyId, stored.keyId, end))) {
      // Revoked or rotated by another request meanwhile: the replacement must not outlive the refusal.
      await this.keys.delete(stored.keyId);
      const current = await this.keys.find(old.keyId);
      if (current) this.refuseUnrotatable(current);
      throw conflict('KeyChanged', `API key ${keyId} changed while it was being rotated; read it again.`);
    }
    this.authenticator.forget(old.digest, old.keyId);
    this.logger.log(`API key ${old.keyId} rotated to ${stored.keyId} by ${actor.keyId} (grace ${request.gracePeriodSeconds} s)`);
    const previous = await this.keys.find(old.keyId);
    return { key, apiKey: this.view(stored), previous: this.view(previous ?? old) };
  }

  private async insertNew(fields: Omit<StoredApiKey, 'keyId' | 'digest' | 'createdAt'>): Promise<{ key: string; stored: StoredApiKey }> {
    // 256 random bits never collide in practice; the unique indexes make sure, and a retry costs nothing.
    for (let attempt = 0; ; attempt += 1) {
      const key = generateApiKey(this.options.keyPrefix);
      const digest = digestOf(key);
      const stored: StoredApiKey = { keyId: keyIdOf(digest), digest: digest.toString('hex'), createdAt: this.now(), ...fields };
      if (this.environmentKeys.some((e) => e.keyId === stored.keyId)) continue;
      try {
        await this.keys.insert(stored);
        this.authenticator.forget(stored.digest, stored.keyId);
        return { key, stored };
      } catch (err) {
        if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
      }
    }
  }

  private refuseEnvironmentKey(keyId: string): void {
    if (this.environmentKeys.some((e) => e.keyId === keyId)) {
      throw conflict('EnvironmentKey', `API key ${keyId} is set in WAYBILL_API_KEYS: change it there (make a stored key with POST /v1/api-keys to replace it).`);
    }
  }

  private refuseUnrotatable(key: StoredApiKey): void {
    if (key.revokedAt) throw conflict('KeyRevoked', `API key ${key.keyId} is revoked.`);
    if (key.replacedBy) throw conflict('KeyAlreadyRotated', `API key ${key.keyId} was already rotated to ${key.replacedBy}; rotate that one instead.`);
    if (key.expiresAt && key.expiresAt <= this.now()) throw conflict('KeyExpired', `API key ${key.keyId} has expired.`);
  }

  private view(key: StoredApiKey): ApiKeyView {
    const now = this.now();
    const status = key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt <= now ? 'expired' : 'active';
    const iso = (date?: Date) => (date ? date.toISOString() : null);
    return {
      keyId: key.keyId,
      role: key.role,
      source: 'stored',
      status,
      label: key.label,
      createdAt: iso(key.createdAt),
      createdBy: key.createdBy,
      expiresAt: iso(key.expiresAt),
      revokedAt: iso(key.revokedAt),
      revokedBy: key.revokedBy ?? null,
      lastUsedAt: iso(key.lastUsedAt),
      rotatedFrom: key.rotatedFrom ?? null,
      replacedBy: key.replacedBy ?? null,
    };
  }
}

const environmentView = (entry: ApiKeyEntry): ApiKeyView => ({
  keyId: entry.keyId,
  role: entry.role,
  source: 'environment',
  status: 'active',
  label: null,
  createdAt: null,
  createdBy: null,
  expiresAt: null,
  revokedAt: null,
  revokedBy: null,
  lastUsedAt: null,
  rotatedFrom: null,
  replacedBy: null,
});
