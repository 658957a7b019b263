import type { WebhookDelivery } from '../../activities/carriers/webhooks/webhook-delivery';

export const WEBHOOK_SOURCES = ['ups', 'fedex', 'dhl', 'usps', 'easypost'] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

export type WebhookHeaders = Record<string, string | string[] | undefined>;

/**
 * One carrier's webhook: its authentication scheme and its payload format. `verify` must compare
 * secrets in constant time; `parse` runs only on verified requests.
 */
export interface CarrierWebhook {
  readonly source: WebhookSource;
  verify(headers: WebhookHeaders, rawBody: Buffer): boolean;
  parse(rawBody: Buffer): WebhookDelivery;
}

export const CARRIER_WEBHOOKS = Symbol('waybill:carrier-webhooks');
