import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type { PushedTrackingUpdate } from '../../activities/carriers/webhooks/webhook-delivery';
import { isDuplicateKeyError } from './mongoose-safety';
import { WEBHOOK_INBOX_MODEL } from './webhook-store.schemas';

interface InboxDocument {
  _id: string;
  source: string;
  state: 'received' | 'processed';
  receivedAt: Date;
  processedAt?: Date;
  updates?: number;
  pendingUpdates?: PushedTrackingUpdate[];
  leaseUntil?: Date;
  attempts?: number;
}

/** A `received` entry taken for hand-over: nobody else takes it until its lease runs out. */
export interface ClaimedInboxEntry {
  key: string;
  source: string;
  receivedAt: Date;
  attempts: number;
  updates: PushedTrackingUpdate[];
}

/** The durable queue between a carrier's acknowledged push and the shipment workflows (docs/webhooks.md). */
@Injectable()
export class WebhookInboxRepository {
  constructor(@InjectModel(WEBHOOK_INBOX_MODEL) private readonly inbox: Model<InboxDocument>) {}

  /**
   * Stores a verified payload's updates under its key. `duplicate` means the key was handed over
   * before, so the push is a replay to ignore; `queued` means it waits for hand-over (again, if the
   * carrier resent a payload that is still waiting).
   */
  async accept(key: string, source: string, updates: PushedTrackingUpdate[]): Promise<'queued' | 'duplicate'> {
    try {
      await this.inbox.create({ _id: key, source, state: 'received', receivedAt: new Date(), updates: updates.length, pendingUpdates: updates, leaseUntil: new Date(0), attempts: 0 });
      return 'queued';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    // Entries written before the inbox held payloads have none: the resent payload fills them in.
    await this.inbox.updateOne({ _id: key, state: 'received', pendingUpdates: mongoose.trusted({ $exists: false }) }, { $set: { pendingUpdates: updates, updates: updates.length, leaseUntil: new Date(0), attempts: 0 } }).exec();
    const existing = await this.inbox.findById(key, { state: 1 }).lean<Pick<InboxDocument, 'state'>>().exec();
    return existing?.state === 'processed' ? 'duplicate' : 'queued';
  }

  /** Takes a waiting entry whose lease ran out (or never started) for `leaseMs`; undefined when it is taken, done or gone. */
  async claim(key: string, leaseMs: number): Promise<ClaimedInboxEntry | undefined> {
    const now = new Date();
    const entry = await this.inbox
      .findOneAndUpdate(
        { _id: key, state: 'received', pendingUpdates: mongoose.trusted({ $exists: true }), leaseUntil: mongoose.trusted({ $lte: now }) },
        { $set: { leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
        { new: true },
      )
      .lean<InboxDocument>()
      .exec();
    if (!entry) return undefined;
    return { key: entry._id, source: entry.source, receivedAt: entry.receivedAt, attempts: entry.attempts ?? 1, updates: entry.pendingUpdates ?? [] };
  }

  /** Keys of waiting entries free to take now, oldest first. */
  async due(limit: number): Promise<string[]> {
    const entries = await this.inbox
      .find({ state: 'received', leaseUntil: mongoose.trusted({ $lte: new Date() }) }, { _id: 1 })
      .sort({ receivedAt: 1 })
      .limit(limit)
      .lean<Array<Pick<InboxDocument, '_id'>>>()
      .exec();
    return entries.map((entry) => entry._id);
  }

  /** The updates reached their shipments (or were kept for later): drop them, and remember the key for replays. */
  async markProcessed(key: string): Promise<void> {
    await this.inbox.updateOne({ _id: key }, { $set: { state: 'processed', processedAt: new Date() }, $unset: { pendingUpdates: 1, leaseUntil: 1 } }).exec();
  }

  /** A hand-over failed: the entry waits until `retryAt` for the next try. */
  async release(key: string, retryAt: Date): Promise<void> {
    await this.inbox.updateOne({ _id: key, state: 'received' }, { $set: { leaseUntil: retryAt } }).exec();
  }

  /** How many payloads wait for hand-over (a gauge for the metrics). */
  async waiting(): Promise<number> {
    return this.inbox.countDocuments({ state: 'received' }).exec();
  }
}
