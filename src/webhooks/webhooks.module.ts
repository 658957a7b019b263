import { Module } from '@nestjs/common';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { CARRIER_WEBHOOKS, type CarrierWebhook } from './carrier-webhook';
import { DhlWebhook } from './verifiers/dhl.webhook';
import { EasypostWebhook } from './verifiers/easypost.webhook';
import { FedexWebhook } from './verifiers/fedex.webhook';
import { UpsWebhook } from './verifiers/ups.webhook';
import { UspsWebhook } from './verifiers/usps.webhook';
import { DEFAULT_WEBHOOK_FORWARDING, WEBHOOK_FORWARDING, WebhookForwarder } from './webhook-forwarder';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** One verifier per carrier whose secret is configured; the endpoints of the others refuse everything. */
export function configuredWebhooks({ webhooks }: WaybillConfig): CarrierWebhook[] {
  const configured: CarrierWebhook[] = [];
  if (webhooks.upsCredential) configured.push(new UpsWebhook(webhooks.upsCredential));
  if (webhooks.fedexSecret) configured.push(new FedexWebhook(webhooks.fedexSecret));
  if (webhooks.dhl.token) configured.push(new DhlWebhook(webhooks.dhl.header, webhooks.dhl.token));
  if (webhooks.uspsSecret) configured.push(new UspsWebhook(webhooks.uspsSecret));
  if (webhooks.easypostSecret) configured.push(new EasypostWebhook(webhooks.easypostSecret));
  return configured;
}

/** Needs the app's ConfigModule, PersistenceModule, TemporalClientModule and MetricsModule. */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    WebhookForwarder,
    { provide: WEBHOOK_FORWARDING, useValue: DEFAULT_WEBHOOK_FORWARDING },
    { provide: CARRIER_WEBHOOKS, inject: [WAYBILL_CONFIG], useFactory: configuredWebhooks },
  ],
})
export class WebhooksModule {}
