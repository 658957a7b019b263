import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { API_KEY_MODEL, ApiKeyDocumentSchema } from './api-key.schema';
import { ApiKeysRepository } from './api-keys.repository';
import { EscrowLedgerRepository } from './escrow-ledger.repository';
import { ESCROW_LEDGER_MODEL, EscrowLedgerSchema } from './escrow-ledger.schema';
import { applyMongooseSafetyDefaults } from './mongoose-safety';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NOTIFICATION_PREFERENCES_MODEL, NotificationPreferencesSchema } from './notification-preferences.schema';
import { NotificationSuppressionsRepository } from './notification-suppressions.repository';
import { NOTIFICATION_SUPPRESSION_MODEL, NotificationSuppressionSchema } from './notification-suppressions.schema';
import { OrderUpdatesRepository } from './order-updates.repository';
import { ORDER_UPDATE_MODEL, OrderUpdateDocumentSchema } from './order-updates.schema';
import { OUTBOX_MODEL, OutboxDocumentSchema } from './outbox.schema';
import { OutboxRepository } from './outbox.repository';
import { PLATFORM_WEBHOOK_DEAD_LETTER_MODEL, PlatformWebhookDeadLetterSchema } from './platform-webhook-dead-letter.schema';
import { PlatformWebhookDeadLettersRepository } from './platform-webhook-dead-letters.repository';
import { ORDER_MODEL, OrderDocumentSchema, SHIPMENT_MODEL, ShipmentDocumentSchema } from './read-model.schemas';
import { ReadModelRepository } from './read-model.repository';
import { SUPPORT_ALERT_MODEL, SupportAlertDocumentSchema } from './support-alert.schema';
import { SupportAlertsRepository } from './support-alerts.repository';
import { UnmatchedEventsRepository } from './unmatched-events.repository';
import { WebhookInboxRepository } from './webhook-inbox.repository';
import { UNMATCHED_EVENTS_MODEL, UnmatchedWebhookEventsSchema, WEBHOOK_INBOX_MODEL, WebhookInboxSchema } from './webhook-store.schemas';

const features = MongooseModule.forFeature([
  { name: ORDER_MODEL, schema: OrderDocumentSchema },
  { name: SHIPMENT_MODEL, schema: ShipmentDocumentSchema },
  { name: OUTBOX_MODEL, schema: OutboxDocumentSchema },
  { name: NOTIFICATION_PREFERENCES_MODEL, schema: NotificationPreferencesSchema },
  { name: NOTIFICATION_SUPPRESSION_MODEL, schema: NotificationSuppressionSchema },
  { name: WEBHOOK_INBOX_MODEL, schema: WebhookInboxSchema },
  { name: UNMATCHED_EVENTS_MODEL, schema: UnmatchedWebhookEventsSchema },
  { name: ESCROW_LEDGER_MODEL, schema: EscrowLedgerSchema },
  { name: SUPPORT_ALERT_MODEL, schema: SupportAlertDocumentSchema },
  { name: PLATFORM_WEBHOOK_DEAD_LETTER_MODEL, schema: PlatformWebhookDeadLetterSchema },
  { name: ORDER_UPDATE_MODEL, schema: OrderUpdateDocumentSchema },
  { name: API_KEY_MODEL, schema: ApiKeyDocumentSchema },
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
      providers: [ReadModelRepository, OutboxRepository, NotificationPreferencesRepository, NotificationSuppressionsRepository, WebhookInboxRepository, UnmatchedEventsRepository, EscrowLedgerRepository, SupportAlertsRepository, PlatformWebhookDeadLettersRepository, ApiKeysRepository, OrderUpdatesRepository],
      exports: [features, ReadModelRepository, OutboxRepository, NotificationPreferencesRepository, NotificationSuppressionsRepository, WebhookInboxRepository, UnmatchedEventsRepository, EscrowLedgerRepository, SupportAlertsRepository, PlatformWebhookDeadLettersRepository, ApiKeysRepository, OrderUpdatesRepository],
    };
  }
}
