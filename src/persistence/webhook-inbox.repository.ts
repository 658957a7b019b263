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
  lanes?: string[];
  sequence?: number;
}

/** A `received` entry taken for hand-over: nobody else takes it until its lease runs out. */
export interface ClaimedInboxEntry {
  key: string;
  source: string;
  receivedAt: Date;
  attempts: number;
  updates: PushedTrackingUpdate[];
  /** The parcels (carrier and tracking number) the payload speaks about; see {@link trackingLanes}. */
  lanes: string[];
}

/**
 * What a claim got: the entry, or `blocked` when an earlier payload about one of its parcels still
 * waits (it must reach the workflows first), or `unavailable` when it is held, done or gone.
 */
export type InboxClaim = { outcome: 'claimed'; entry: ClaimedInboxEntry } | { outcome: 'blocked'; lanes: string[] } | { outcome: 'unavailable' };

/** A waiting entry's key and its place in the arrival order. */
export interface DueInboxEntry {
  key: string;
  sequence: number;
}

/**
 * The ordering lanes of a payload: one per parcel it updates. A parcel's payloads are handed over
 * in the order they arrived, so a workflow never sees a later scan before an earlier one.
 */
export function trackingLanes(updates: PushedTrackingUpdate[]): string[] {
  return [...new Set(updates.map((update) => `${update.carrier}:${update.trackingNumber}`))];
}

/** The durable queue between a carrier's acknowledged push and the shipment workflows (docs/webhooks.md). */
@Injectable()
export class WebhookInboxRepository {
  private lastSequence = 0;

  constructor(@InjectModel(WEBHOOK_INBOX_MODEL) private readonly inbox: Model<InboxDocument>) {}

  /**
   * Arrival order: microseconds since the epoch, strictly increasing within this process. Across API
   * replicas it relies on their clocks agreeing to within a carrier's round trip, which is what
   * separates two pushes about one parcel (a carrier sends the next after the previous answer).
   */
  private nextSequence(): number {
    this.lastSequence = Math.max(Date.now() * 1000, this.lastSequence + 1);
    return this.lastSequence;
  }

  /**
   * Stores a verified payload's updates under its key. `duplicate` means the key was handed over
   * before, so the push is a replay to ignore; `queued` means it waits for hand-over (again, if the
   * carrier resent a payload that is still waiting).
   */
  async accept(key: string, source: string, updates: PushedTrackingUpdate[]): Promise<'queued' | 'duplicate'> {
    try {
      await this.inbox.create({ _id: key, source, state: 'received', receivedAt: new Date(), sequence: this.nextSequence(), lanes: trackingLanes(updates), updates: updates.length, pendingUpdates: updates, leaseUntil: new Date(0), attempts: 0 });
      return 'queued';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    // Entries written before the inbox held payloads have none: the resent payload fills them in.
    await this.inbox.updateOne({ _id: key, state: 'received', pendingUpdates: mongoose.trusted({ $exists: false }) }, { $set: { pendingUpdates: updates, updates: updates.length, lanes: trackingLanes(updates), sequence: this.nextSequence(), leaseUntil: new Date(0), attempts: 0 } }).exec();
    const existing = await this.inbox.findById(key, { state: 1 }).lean<Pick<InboxDocument, 'state'>>().exec();
    return existing?.state === 'processed' ? 'duplicate' : 'queued';
  }

  /**
   * Takes a waiting entry for `leaseMs`, unless it is held, done or gone, or an earlier entry about
   * one of its parcels still waits (a failed one waiting for its retry included).
   */
  async claim(key: string, leaseMs: number): Promise<InboxClaim> {
    const waiting = await this.inbox.findOne({ _id: key, state: 'received' }, { lanes: 1, sequence: 1 }).lean<Pick<InboxDocument, 'lanes' | 'sequence'>>().exec();
    if (!waiting) return { outcome: 'unavailable' };
    const lanes = waiting.lanes ?? [];
    if (lanes.length > 0 && waiting.sequence !== undefined) {
      const earlier = await this.inbox.exists({ state: 'received', lanes: mongoose.trusted({ $in: lanes }), sequence: mongoose.trusted({ $lt: waiting.sequence }) }).exec();
      if (earlier) return { outcome: 'blocked', lanes };
    }
    const now = new Date();
    const entry = await this.inbox
      .findOneAndUpdate(
        { _id: key, state: 'received', pendingUpdates: mongoose.trusted({ $exists: true }), leaseUntil: mongoose.trusted({ $lte: now }) },
        { $set: { leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      )
      .lean<InboxDocument>()
      .exec();
    if (!entry) return { outcome: 'unavailable' };
    return { outcome: 'claimed', entry: { key: entry._id, source: entry.source, receivedAt: entry.receivedAt, attempts: entry.attempts ?? 1, updates: entry.pendingUpdates ?? [], lanes } };
  }

  /** Waiting entries free to take now, in arrival order, from just after `afterSequence`. */
  async due(limit: number, afterSequence = 0): Promise<DueInboxEntry[]> {
    const entries = await this.inbox
      .find(
        { state: 'received', pendingUpdates: mongoose.trusted({ $exists: true }), leaseUntil: mongoose.trusted({ $lte: new Date() }), sequence: mongoose.trusted({ $gt: afterSequence }) },
        { _id: 1, sequence: 1 },
      )
      .sort({ sequence: 1 })
      .limit(limit)
      .lean<Array<Pick<InboxDocument, '_id' | 'sequence'>>>()
      .exec();
    return entries.map((entry) => ({ key: entry._id, sequence: entry.sequence ?? 0 }));
  }

  /** The updates reached their shipments (or were kept for later): drop them, and remember the key for replays. */
  async markProcessed(key: string): Promise<void> {
    await this.inbox.updateOne({ _id: key }, { $set: { state: 'processed', processedAt: new Date() }, $unset: { pendingUpdates: 1, leaseUntil: 1 } }).exec();
  }

  /** A hand-over failed: the entry waits until `retryAt` for the next try. */
  async release(key: string, retryAt: Date): Promise<void> {
    await this.inbox.updateOne({ _id: key, state: 'received' }, { $set: { leaseUntil: retryAt } }).exec();
  }

  /** Forgets the keys of payloads handed over before `cutoff`; returns how many. Waiting entries are never touched. */
  async forgetProcessedBefore(cutoff: Date): Promise<number> {
    const { deletedCount } = await this.inbox.deleteMany({ state: 'processed', processedAt: mongoose.trusted({ $lt: cutoff }) }).exec();
    return deletedCount;
  }

  /** How many payloads wait for hand-over (a gauge for the metrics). */
  async waiting(): Promise<number> {
    return this.inbox.countDocuments({ state: 'received' }).exec();
  }
}
