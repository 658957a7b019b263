import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertIfAbsent } from '../../persistence/insert-if-absent';
import { PlatformWebhookReceiverRepository, type ReceivedPlatformWebhook } from './platform-webhook-receiver.repository';
import { SandboxPlatformWebhook } from './platform-webhook-receiver.schema';

/** Inserts on the primary key and finds: what FerretDB handles reliably. */
@Injectable()
export class MongoPlatformWebhookReceiverRepository extends PlatformWebhookReceiverRepository {
  constructor(@InjectModel(SandboxPlatformWebhook.name) private readonly model: Model<SandboxPlatformWebhook>) {
    super();
  }

  insert(webhook: ReceivedPlatformWebhook): Promise<boolean> {
    return insertIfAbsent(this.model, webhook);
  }

  async list(orderId: string | undefined, limit: number): Promise<ReceivedPlatformWebhook[]> {
    const docs = await this.model
      .find(orderId === undefined ? {} : { orderId })
      .sort({ orderId: 1, sequence: 1, _id: 1 })
      .limit(limit)
      .lean<ReceivedPlatformWebhook[]>()
      .exec();
    return docs.map((doc) => ({ ...doc, receivedAt: new Date(doc.receivedAt) }));
  }
}
