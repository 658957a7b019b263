import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SmsMessageRepository, type SmsMessageQuery } from './sms-message.repository';
import { SandboxSmsMessage } from './sms-message.schema';

/** Insert and find only: FerretDB 1.x supports nothing fancier reliably. */
@Injectable()
export class MongoSmsMessageRepository extends SmsMessageRepository {
  constructor(@InjectModel(SandboxSmsMessage.name) private readonly model: Model<SandboxSmsMessage>) {
    super();
  }

  async insert(message: SandboxSmsMessage): Promise<void> {
    await this.model.create({ ...message });
  }

  async list(query: SmsMessageQuery): Promise<SandboxSmsMessage[]> {
    const filter = query.to ? { to: query.to } : {};
    const docs = await this.model.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).lean<SandboxSmsMessage[]>().exec();
    return docs.map((doc) => ({ ...doc, createdAt: new Date(doc.createdAt) }));
  }
}
