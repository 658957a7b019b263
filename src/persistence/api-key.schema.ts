import { Schema } from 'mongoose';
import { API_ROLES } from '../auth/api-keys';

/**
 * Keys made through `POST /v1/api-keys`. The key itself is never stored: only its SHA-256 digest
 * (hex), which is what a request is looked up by. `_id` is the key's public ID
 * (`key_<first 12 hex of the digest>`), the same form as the keys in WAYBILL_API_KEYS.
 */
export const ApiKeyDocumentSchema = new Schema(
  {
    _id: { type: String },
    digest: { type: String, required: true },
    role: { type: String, enum: API_ROLES, required: true },
    label: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    expiresAt: Date,
    revokedAt: Date,
    revokedBy: String,
    /** Updated at most once a minute per key and replica, so a busy key costs no write per request. */
    lastUsedAt: Date,
    /** Rotation: the key this one replaced, and the key that replaced this one. */
    rotatedFrom: String,
    replacedBy: String,
  },
  { collection: 'api_keys', versionKey: false },
);
// Every authenticated request with a stored key looks it up by digest; unique, so two keys can never share one.
ApiKeyDocumentSchema.index({ digest: 1 }, { unique: true });
ApiKeyDocumentSchema.index({ createdAt: -1, _id: -1 });

export const API_KEY_MODEL = 'ApiKey';
