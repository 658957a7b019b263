import type { ApiRole } from '../auth/api-keys';

/** A key as the API shows it: never the key, never its digest. */
export interface ApiKeyView {
  keyId: string;
  role: ApiRole;
  /** `environment`: listed in WAYBILL_API_KEYS, changed only there. `stored`: made through this API. */
  source: 'environment' | 'stored';
  /** `active` (maybe with an `expiresAt` ahead), `expired` or `revoked`. */
  status: 'active' | 'expired' | 'revoked';
  label: string | null;
  createdAt: string | null;
  createdBy: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  /** To the minute or so; null when never used (or not recorded, for environment keys). */
  lastUsedAt: string | null;
  rotatedFrom: string | null;
  replacedBy: string | null;
}

/** The answer that carries a new key: the only time it is ever shown. */
export interface NewApiKeyResponse {
  /** The key itself. Store it now: Waybill keeps only its digest and cannot show it again. */
  key: string;
  apiKey: ApiKeyView;
}

export interface RotatedApiKeyResponse extends NewApiKeyResponse {
  /** The key that was rotated, now expiring or revoked. */
  previous: ApiKeyView;
}
