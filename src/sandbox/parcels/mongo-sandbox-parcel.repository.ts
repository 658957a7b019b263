import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../persistence/mongoose-safety';
import { DuplicateTrackingNumberError, SandboxParcelRepository } from './sandbox-parcel.repository';
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
    if (!doc) return null;
    return {
      trackingNumber: doc.trackingNumber,
      carrier: doc.carrier,
      scenario: doc.scenario,
      speed: doc.speed,
      createdAt: new Date(doc.createdAt),
    };
  }
}
