import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { applyMongooseSafetyDefaults } from './mongoose-safety';
import { OUTBOX_MODEL, OutboxDocumentSchema } from './outbox.schema';
import { OutboxRepository } from './outbox.repository';
import { ORDER_MODEL, OrderDocumentSchema, SHIPMENT_MODEL, ShipmentDocumentSchema } from './read-model.schemas';
import { ReadModelRepository } from './read-model.repository';

const features = MongooseModule.forFeature([
  { name: ORDER_MODEL, schema: OrderDocumentSchema },
  { name: SHIPMENT_MODEL, schema: ShipmentDocumentSchema },
  { name: OUTBOX_MODEL, schema: OutboxDocumentSchema },
]);

/** The MongoDB connection and Waybill's own collections (the read model and the notification outbox). */
@Module({})
export class PersistenceModule {
  static forRoot(mongodbUri: string): DynamicModule {
    applyMongooseSafetyDefaults();
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        // A MongoDB that is down at start must not stop the process: readiness reports it instead.
        MongooseModule.forRoot(mongodbUri, { serverSelectionTimeoutMS: 5000, lazyConnection: true }),
        features,
      ],
      providers: [ReadModelRepository, OutboxRepository],
      exports: [features, ReadModelRepository, OutboxRepository],
    };
  }
}
