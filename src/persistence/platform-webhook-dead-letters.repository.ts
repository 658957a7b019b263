import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type {
  NewPlatformWebhookDeadLetter,
  PlatformWebhookDeadLetter,
  PlatformWebhookDeadLetterStore,
  PlatformWebhookReplayOutcome,
} from '../../activities/platform-webhooks/platform-webhook-dead-letters';
import { platformWebhookId } from '../../activities/platform-webhooks/platform-webhook.types';
import { isDuplicateKeyError } from './mongoose-safety';
import { PLATFORM_WEBHOOK_DEAD_LETTER_MODEL } from './platform-webhook-dead-letter.schema';

export interface PlatformWebhookDeadLetterDocument extends Omit<PlatformWebhookDeadLetter, 'webhookId'> {
  _id: string;
}

export interface PlatformWebhookDeadLetterListQuery {
  orderId?: string;
  limit: number;
  /** Keyset cursor: the last dead letter of the previous page. */
  after?: { deadAt: Date; webhookId: string };
}

function toDeadLetter(doc: PlatformWebhookDeadLetterDocument): PlatformWebhookDeadLetter {
  const deadLetter: PlatformWebhookDeadLetter = {
    webhookId: doc._id,
    orderId: doc.orderId,
    sequence: doc.sequence,
    payload: doc.payload,
    failure: { type: doc.failure.type, message: doc.failure.message, ...(doc.failure.httpStatus !== undefined && { httpStatus: doc.failure.httpStatus }) },
    attempts: doc.attempts,
    deadAt: new Date(doc.deadAt),
    replays: doc.replays ?? 0,
  };
  if (doc.replayedAt) deadLetter.replayedAt = new Date(doc.replayedAt);
  if (doc.replayOutcome) deadLetter.replayOutcome = doc.replayOutcome;
  return deadLetter;
}

/** The only place that touches `platform_webhook_dead_letters`. */
@Injectable()
export class PlatformWebhookDeadLettersRepository implements PlatformWebhookDeadLetterStore {
  constructor(@InjectModel(PLATFORM_WEBHOOK_DEAD_LETTER_MODEL) private readonly deadLetters: Model<PlatformWebhookDeadLetterDocument>) {}

  async insertIfAbsent(input: NewPlatformWebhookDeadLetter): Promise<{ created: boolean; deadLetter: PlatformWebhookDeadLetter }> {
    const { payload, failure, attempts, deadAt } = input;
    const document: PlatformWebhookDeadLetterDocument = {
      _id: platformWebhookId(payload.orderId, payload.sequence),
      orderId: payload.orderId,
      sequence: payload.sequence,
      payload,
      failure,
      attempts,
      deadAt,
      replays: 0,
    };
    try {
      await this.deadLetters.create(document);
      return { created: true, deadLetter: toDeadLetter(document) };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await this.find(document._id);
    if (!existing) throw new Error('Platform webhook dead letter disappeared after a duplicate-key insert');
    return { created: false, deadLetter: existing };
  }

  async find(webhookId: string): Promise<PlatformWebhookDeadLetter | undefined> {
    const found = await this.deadLetters.findById(webhookId).lean<PlatformWebhookDeadLetterDocument>().exec();
    return found ? toDeadLetter(found) : undefined;
  }

  /** Newest first. */
  async list(query: PlatformWebhookDeadLetterListQuery): Promise<PlatformWebhookDeadLetter[]> {
    const filter: Record<string, unknown> = {};
    if (query.orderId) filter.orderId = query.orderId;
    if (query.after) {
      const { deadAt, webhookId } = query.after;
      filter.$or = [{ deadAt: mongoose.trusted({ $lt: deadAt }) }, { deadAt, _id: mongoose.trusted({ $lt: webhookId }) }];
    }
    const found = await this.deadLetters
      .find(filter)
      .sort({ deadAt: -1, _id: -1 })
      .limit(query.limit)
      .lean<PlatformWebhookDeadLetterDocument[]>()
      .exec();
    return found.map(toDeadLetter);
  }

  /** Records the latest replay's outcome and counts it; undefined for an unknown webhook ID. */
  async recordReplay(webhookId: string, outcome: PlatformWebhookReplayOutcome, replayedAt: Date): Promise<PlatformWebhookDeadLetter | undefined> {
    await this.deadLetters.updateOne({ _id: webhookId }, { $set: { replayedAt, replayOutcome: outcome }, $inc: { replays: 1 } }).exec();
    return this.find(webhookId);
  }
}
