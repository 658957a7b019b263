import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertIfAbsent } from '../../persistence/insert-if-absent';
import { SandboxMobilePushRepository, type MobilePushQuery } from './mobile-push.repository';
import { SandboxMobilePush } from './mobile-push.schema';

/** Inserts on the primary key, finds and sorted finds: what FerretDB 1.x handles reliably. */
@Injectable()
export class MongoSandboxMobilePushRepository extends SandboxMobilePushRepository {
  constructor(@InjectModel(SandboxMobilePush.name) private readonly model: Model<SandboxMobilePush>) {
    super();
  }

  insert(record: SandboxMobilePush): Promise<boolean> {
    return insertIfAbsent(this.model, record);
  }

  async find(id: string): Promise<SandboxMobilePush | null> {
    const doc = await this.model.findById(id).lean<SandboxMobilePush>().exec();
    return doc ? toRecord(doc) : null;
  }

  async list(query: MobilePushQuery): Promise<SandboxMobilePush[]> {
    const filter = query.orderId ? { orderId: query.orderId } : {};
    const docs = await this.model.find(filter).sort({ receivedAt: -1, _id: -1 }).limit(query.limit).lean<SandboxMobilePush[]>().exec();
    return docs.map(toRecord);
  }
}

function toRecord(doc: SandboxMobilePush): SandboxMobilePush {
  return { ...doc, message: { ...doc.message }, receivedAt: new Date(doc.receivedAt) };
}
