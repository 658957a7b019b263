import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type { PushedTrackingUpdate } from '../../activities/carriers/webhooks/webhook-delivery';
import type { UnmatchedEventsStore } from '../../activities/webhooks/unmatched-events.activities';
import { UNMATCHED_EVENTS_MODEL } from './webhook-store.schemas';

interface UnmatchedDocument {
  _id: mongoose.Types.ObjectId;
  carrier: string;
  trackingNumber: string;
  update: PushedTrackingUpdate;
  receivedAt: Date;
  expiresAt: Date;
}

@Injectable()
export class UnmatchedEventsRepository implements UnmatchedEventsStore {
  constructor(@InjectModel(UNMATCHED_EVENTS_MODEL) private readonly unmatched: Model<UnmatchedDocument>) {}

  /** Keeps an update until `expiresAt`; clears out whatever expired meanwhile. Returns its id. */
  async keep(update: PushedTrackingUpdate, expiresAt: Date): Promise<string> {
    const now = new Date();
    await this.unmatched.deleteMany({ expiresAt: mongoose.trusted({ $lt: now }) }).exec();
    const created = await this.unmatched.create({ carrier: update.carrier, trackingNumber: update.trackingNumber, update, receivedAt: now, expiresAt });
    return String(created._id);
  }

  async remove(id: string): Promise<void> {
    await this.unmatched.deleteOne({ _id: id }).exec();
  }

  /** Hands over (and forgets) the live updates kept for a tracking number, oldest first. */
  async take(carrier: string, trackingNumber: string): Promise<PushedTrackingUpdate[]> {
    const found = await this.unmatched
      .find({ carrier, trackingNumber, expiresAt: mongoose.trusted({ $gte: new Date() }) })
      .sort({ receivedAt: 1 })
      .lean<UnmatchedDocument[]>()
      .exec();
    if (found.length > 0) await this.unmatched.deleteMany({ _id: mongoose.trusted({ $in: found.map((d) => d._id) }) }).exec();
    return found.map((d) => d.update);
  }
}
