import { Module } from '@nestjs/common';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { buildPlatformWebhookSender } from '../worker/platform-webhook-sender';
import { PlatformWebhooksController } from './platform-webhooks.controller';
import { PLATFORM_WEBHOOK_SENDER, PlatformWebhooksService } from './platform-webhooks.service';

/** Dead letters of platform status sync, and their replay. Needs the app's PersistenceModule and ConfigModule. */
@Module({
  controllers: [PlatformWebhooksController],
  providers: [
    PlatformWebhooksService,
    { provide: PLATFORM_WEBHOOK_SENDER, inject: [WAYBILL_CONFIG], useFactory: (config: WaybillConfig) => buildPlatformWebhookSender(config) ?? null },
  ],
})
export class PlatformWebhooksModule {}
