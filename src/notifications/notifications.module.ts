import { Module } from '@nestjs/common';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { NotificationLogController } from './notification-log.controller';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';
import { UNSUBSCRIBE_TOKEN_OPTIONS, UnsubscribeTokenService, unsubscribeTokenOptions } from './unsubscribe-token.service';

/**
 * Customers' notification choices: preferences, unsubscribe links, and each order's notification
 * log (docs/notification-preferences.md). Needs the app's ConfigModule and PersistenceModule.
 */
@Module({
  controllers: [NotificationPreferencesController, UnsubscribeController, NotificationLogController],
  providers: [
    { provide: UNSUBSCRIBE_TOKEN_OPTIONS, inject: [WAYBILL_CONFIG], useFactory: (config: WaybillConfig) => unsubscribeTokenOptions(config) },
    UnsubscribeTokenService,
    UnsubscribeService,
  ],
  exports: [UnsubscribeTokenService],
})
export class NotificationsModule {}
