import type { Registry } from 'prom-client';
import type { ActivityMetrics } from '../../activities/activity-metrics';
import { CarrierCallMetrics } from './carrier-call-metrics';
import { EscrowMetrics } from './escrow-metrics';
import { NotificationMetrics } from './notification-metrics';
import { PlatformWebhookMetrics } from './platform-webhook-metrics';

/** Everything the worker's activities record, on the worker's registry. */
export function createActivityMetrics(registry: Registry): ActivityMetrics {
  const carrierCalls = new CarrierCallMetrics(registry);
  const notifications = new NotificationMetrics(registry);
  const escrow = new EscrowMetrics(registry);
  const platformWebhooks = new PlatformWebhookMetrics(registry);
  return {
    carrierCall: (call) => carrierCalls.carrierCall(call),
    notification: (channel, outcome) => notifications.notification(channel, outcome),
    escrowSettlement: (action, outcome) => escrow.escrowSettlement(action, outcome),
    platformWebhook: (outcome) => platformWebhooks.platformWebhook(outcome),
  };
}
