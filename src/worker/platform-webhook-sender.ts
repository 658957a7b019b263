import { HttpPlatformWebhookSender, type PlatformWebhookSender } from '../../activities/platform-webhooks/platform-webhook.sender';
import type { WaybillConfig } from '../config/config';

/**
 * The platform webhook sender for the worker's `deliverOrderStatusWebhook` and the API's replay.
 * Undefined when PLATFORM_WEBHOOK_URL is not set: status sync is off, and deliveries are skipped
 * (`outcome: 'disabled'`) rather than retried.
 */
export function buildPlatformWebhookSender(config: WaybillConfig): PlatformWebhookSender | undefined {
  return config.platformWebhooks ? new HttpPlatformWebhookSender(config.platformWebhooks) : undefined;
}
