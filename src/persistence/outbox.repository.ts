import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import { OUTBOX_CLAIM_LEASE_MS, type ClaimOutcome, type Outbox } from '../../activities/notifications/outbox';
import { isDuplicateKeyError } from './mongoose-safety';
import { OUTBOX_MODEL } from './outbox.schema';

export interface OutboxDocument {
  _id: string;
  orderId: string;
  milestone: string;
  channel: string;
  state: 'claimed' | 'sent' | 'failed' | 'skipped';
  claimedAt: Date;
  claims: number;
  /** The first claim; absent on entries written before it was recorded. */
  createdAt?: Date;
  sentAt?: Date;
  failedAt?: Date;
  providerMessageId?: string;
  failureReason?: string;
  skipReason?: string;
}

@Injectable()
export class OutboxRepository implements Outbox {
  constructor(@InjectModel(OUTBOX_MODEL) private readonly outbox: Model<OutboxDocument>) {}

  async claim(key: string, meta: { orderId: string; milestone: string; channel: string }, leaseMs = OUTBOX_CLAIM_LEASE_MS): Promise<ClaimOutcome> {
    const now = new Date();
    try {
      await this.outbox.create({ _id: key, ...meta, state: 'claimed', claimedAt: now, createdAt: now, claims: 1 });
      return 'claimed';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    // Take over a claim only once its lease ran out: the attempt that made it died mid-send.
    const expired = new Date(now.getTime() - leaseMs);
    const takeover = await this.outbox
      .updateOne({ _id: key, state: 'claimed', claimedAt: mongoose.trusted({ $lt: expired }) }, { $inc: { claims: 1 }, $set: { claimedAt: now } })
      .exec();
    if (takeover.modifiedCount === 1) return 'claimed';
    const existing = await this.outbox.findById(key).lean<OutboxDocument>().exec();
    if (!existing) throw new Error('Outbox entry disappeared between claim attempts');
    return existing.state === 'claimed' ? 'in_flight' : existing.state;
  }

  async release(key: string): Promise<void> {
    await this.outbox.updateOne({ _id: key, state: 'claimed' }, { $set: { claimedAt: new Date(0) } }).exec();
  }

  async markSent(key: string, providerMessageId: string): Promise<void> {
    await this.outbox.updateOne({ _id: key }, { $set: { state: 'sent', sentAt: new Date(), providerMessageId } }).exec();
  }

  async markFailed(key: string, reason: string): Promise<void> {
    await this.outbox.updateOne({ _id: key }, { $set: { state: 'failed', failureReason: reason, failedAt: new Date() } }).exec();
  }

  async markSkipped(key: string, meta: { orderId: string; milestone: string; channel: string }, reason: string): Promise<void> {
    const now = new Date();
    try {
      await this.outbox.create({ _id: key, ...meta, state: 'skipped', skipReason: reason, claimedAt: now, createdAt: now, claims: 0 });
    } catch (err) {
      // The key already holds a message (sent, failed, or being sent): that record stands.
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /**
   * The order's entries, newest first (by first claim; older entries without one sort last), at
   * most `limit`. For the notification log: callers choose which fields to show.
   */
  async listByOrder(orderId: string, limit = 500): Promise<OutboxDocument[]> {
    return this.outbox.find({ orderId }).sort({ createdAt: -1, claimedAt: -1, _id: -1 }).limit(limit).lean<OutboxDocument[]>().exec();
  }
}
