import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import { isDuplicateKeyError } from '../../persistence/mongoose-safety';
import { DuplicateTrackingNumberError, SandboxParcelRepository, type PushProgress } from './sandbox-parcel.repository';
import { SandboxParcel } from './sandbox-parcel.schema';

/** Plain insert and find only: FerretDB 1.x supports nothing fancier reliably (local-infra.md §5.4). */
@Injectable()
export class MongoSandboxParcelRepository extends SandboxParcelRepository {
  constructor(@InjectModel(SandboxParcel.name) private readonly model: Model<SandboxParcel>) {
    super();
  }

  async insert(parcel: SandboxParcel): Promise<void> {
    try {
      await this.model.create({ ...parcel });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateTrackingNumberError(parcel.trackingNumber);
      throw error;
    }
  }

  async findByTrackingNumber(trackingNumber: string): Promise<SandboxParcel | null> {
    const doc = await this.model.findOne({ trackingNumber }).lean<SandboxParcel>().exec();
    return doc ? toParcel(doc) : null;
  }

  async findDueForPush(now: Date, limit: number): Promise<SandboxParcel[]> {
    const docs = await this.model
      .find({ pushEnabled: true, nextPushAt: mongoose.trusted({ $lte: now }) })
      .sort({ nextPushAt: 1 })
      .limit(limit)
      .lean<SandboxParcel[]>()
      .exec();
    return docs.map(toParcel);
  }

  async recordPush(
    trackingNumber: string,
    seen: PushProgress,
    next: PushProgress & { nextPushAt: Date | null; pushEnabled: boolean },
  ): Promise<boolean> {
    const result = await this.model.updateOne({ trackingNumber, pushedSteps: seen.pushedSteps, pushFailures: seen.pushFailures }, { $set: next }).exec();
    return result.modifiedCount === 1;
  }
}

function toParcel(doc: SandboxParcel): SandboxParcel {
  const parcel: SandboxParcel = {
    trackingNumber: doc.trackingNumber,
    carrier: doc.carrier,
    scenario: doc.scenario,
    speed: doc.speed,
    createdAt: new Date(doc.createdAt),
  };
  if (doc.pushEnabled !== undefined) {
    parcel.pushEnabled = doc.pushEnabled;
    parcel.pushedSteps = doc.pushedSteps ?? 0;
    parcel.pushFailures = doc.pushFailures ?? 0;
    parcel.nextPushAt = doc.nextPushAt ? new Date(doc.nextPushAt) : null;
  }
  return parcel;
}
