import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SandboxMailRepository, type MailQuery } from './sandbox-mail.repository';
import { SandboxMail } from './sandbox-mail.schema';

@Injectable()
export class MongoSandboxMailRepository extends SandboxMailRepository {
  constructor(@InjectModel(SandboxMail.name) private readonly model: Model<SandboxMail>) {
    super();
  }

  async insert(mail: SandboxMail): Promise<void> {
    await this.model.create({ ...mail });
  }

  async list(query: MailQuery): Promise<SandboxMail[]> {
    const filter = query.to ? { to: query.to.toLowerCase() } : {};
    // Take the newest N, then flip them so the newest comes last.
    const docs = await this.model.find(filter).sort({ receivedAt: -1 }).limit(query.limit).lean<SandboxMail[]>().exec();
    return docs.reverse().map((doc) => ({
      to: [...doc.to],
      from: doc.from,
      subject: doc.subject,
      text: doc.text,
      html: doc.html,
      messageId: doc.messageId,
      headers: { ...doc.headers },
      receivedAt: new Date(doc.receivedAt),
    }));
  }

  async clear(): Promise<number> {
    const result = await this.model.deleteMany({}).exec();
    return result.deletedCount;
  }
}
