import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type { ApiRole } from '../auth/api-keys';
import { API_KEY_MODEL } from './api-key.schema';

/** A key made through the API, as stored: never the key, only its digest. */
export interface StoredApiKey {
  keyId: string;
  /** SHA-256 of the key, hex. */
  digest: string;
  role: ApiRole;
  label: string;
  createdAt: Date;
  /** The keyId of the admin key that made it. */
  createdBy: string;
  expiresAt?: Date;
  revokedAt?: Date;
  revokedBy?: string;
  lastUsedAt?: Date;
  rotatedFrom?: string;
  replacedBy?: string;
}

interface ApiKeyDocument extends Omit<StoredApiKey, 'keyId'> {
  _id: string;
}

const toKey = ({ _id, ...rest }: ApiKeyDocument): StoredApiKey => ({ keyId: _id, ...rest });

/** Keys listed at once: an installation has a handful, and a list is an admin's page, not a feed. */
export const API_KEY_LIST_LIMIT = 500;

/** The only place that touches `api_keys`. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectModel(API_KEY_MODEL) private readonly keys: Model<ApiKeyDocument>) {}

  /** Throws MongoDB's duplicate-key error if the keyId or digest is taken. */
  async insert(key: StoredApiKey): Promise<void> {
    const { keyId, ...rest } = key;
    await this.keys.create({ _id: keyId, ...rest });
  }

  async findByDigest(digest: string): Promise<StoredApiKey | undefined> {
    const found = await this.keys.findOne({ digest }).lean<ApiKeyDocument>().exec();
    return found ? toKey(found) : undefined;
  }

  async find(keyId: string): Promise<StoredApiKey | undefined> {
    const found = await this.keys.findById(keyId).lean<ApiKeyDocument>().exec();
    return found ? toKey(found) : undefined;
  }

  /** Newest first; revoked keys only when asked for. */
  async list({ includeRevoked }: { includeRevoked: boolean }): Promise<StoredApiKey[]> {
    const filter = includeRevoked ? {} : { revokedAt: mongoose.trusted({ $exists: false }) };
    const found = await this.keys.find(filter).sort({ createdAt: -1, _id: -1 }).limit(API_KEY_LIST_LIMIT).lean<ApiKeyDocument[]>().exec();
    return found.map(toKey);
  }

  /** Revokes a key once: revoking again keeps the first time and revoker on record. */
  async revoke(keyId: string, revokedBy: string, revokedAt: Date): Promise<StoredApiKey | undefined> {
    await this.keys.updateOne({ _id: keyId, revokedAt: mongoose.trusted({ $exists: false }) }, { $set: { revokedAt, revokedBy } }).exec();
    return this.find(keyId);
  }

  /**
   * Records that `replacementId` replaces a live key and ends the old one: at `expiresAt`, or at once
   * (revoked) when none is given. False when the key was revoked or already replaced meanwhile.
   */
  async markReplaced(keyId: string, replacementId: string, end: { expiresAt: Date } | { revokedAt: Date; revokedBy: string }): Promise<boolean> {
    const result = await this.keys
      .updateOne(
        { _id: keyId, revokedAt: mongoose.trusted({ $exists: false }), replacedBy: mongoose.trusted({ $exists: false }) },
        { $set: { replacedBy: replacementId, ...end } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** Undoes an insert that lost a race (a replacement for a key another request rotated first). */
  async delete(keyId: string): Promise<void> {
    await this.keys.deleteOne({ _id: keyId }).exec();
  }

  async touchLastUsed(keyId: string, at: Date): Promise<void> {
    await this.keys.updateOne({ _id: keyId }, { $set: { lastUsedAt: at } }).exec();
  }
}
