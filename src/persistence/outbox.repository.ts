import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Outbox } from '../../activities/notifications/outbox';
import { isDuplicateKeyError } from './mongoose-safety';
import { OUTBOX_MODEL } from './outbox.schema';

interface OutboxDocument {
  _id: string;
  orderId: string;
  milestone: string;
  channel: string;
  state: 'claimed' | 'sent' | 'failed';
  claimedAt: Date;
  claims: number;
  sentAt?: Date;
  providerMessageId?: string;
  failureReason?: string;
}

@Injectable()
export class OutboxRepository implements Outbox {
  constructor(@InjectModel(OUTBOX_MODEL) private readonly outbox: Model<OutboxDocument>) {}

  async claim(key: string, meta: { orderId: string; milestone: string; channel: string }): Promise<'claimed' | 'sent' | 'failed'> {
    try {
      await this.outbox.create({ _id: key, ...meta, state: 'claimed', claimedAt: new Date(), claims: 1 });
      return 'claimed';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await this.outbox.findById(key).lean<OutboxDocument>().exec();
    if (!existing) throw new Error('Outbox entry disappeared between claim attempts');
    if (existing.state !== 'claimed') return existing.state;
    // A previous attempt claimed the key and never settled it: it died mid-send. Claim it again.
    await this.outbox.updateOne({ _id: key }, { $inc: { claims: 1 }, $set: { claimedAt: new Date() } }).exec();
    return 'claimed';
  }

  async markSent(key: string, providerMessageId: string): Promise<void> {
    await this.outbox.updateOne({ _id: key }, { $set: { state: 'sent', sentAt: new Date(), providerMessageId } }).exec();
  }

  async markFailed(key: string, reason: string): Promise<void> {
    await this.outbox.updateOne({ _id: key }, { $set: { state: 'failed', failureReason: reason } }).exec();
  }
}
