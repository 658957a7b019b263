import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './mongoose-safety';
import { WEBHOOK_INBOX_MODEL } from './webhook-store.schemas';

interface InboxDocument {
  _id: string;
  source: string;
  state: 'received' | 'processed';
  receivedAt: Date;
  processedAt?: Date;
  updates?: number;
}

@Injectable()
export class WebhookInboxRepository {
  constructor(@InjectModel(WEBHOOK_INBOX_MODEL) private readonly inbox: Model<InboxDocument>) {}

  /**
   * Records a payload by its key. `processed` means a replay to ignore; `received` means this key
   * arrived before without being fully processed (Temporal was down, say) and must be processed now.
   */
  async record(key: string, source: string): Promise<'new' | 'received' | 'processed'> {
    try {
      await this.inbox.create({ _id: key, source, state: 'received', receivedAt: new Date() });
      return 'new';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await this.inbox.findById(key).lean<InboxDocument>().exec();
    return existing?.state ?? 'received';
  }

  async markProcessed(key: string, updates: number): Promise<void> {
    await this.inbox.updateOne({ _id: key }, { $set: { state: 'processed', processedAt: new Date(), updates } }).exec();
  }
}
