import { Counter, type Registry } from 'prom-client';
import type { PlatformWebhookOutcome, PlatformWebhookRecorder } from '../../activities/activity-metrics';
import { boundedLabel } from './bounded-label';

export const PLATFORM_WEBHOOK_OUTCOMES: readonly PlatformWebhookOutcome[] = ['delivered', 'disabled', 'rejected', 'failed_retryable', 'dead_lettered'];

/** Order status webhooks to the platform, by outcome, counted by the delivery activity. */
export class PlatformWebhookMetrics implements PlatformWebhookRecorder {
  private readonly deliveries: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.deliveries = new Counter({
      name: 'waybill_platform_webhooks_total',
      help: 'Platform status webhook delivery attempts by outcome (delivered, rejected, failed_retryable, disabled), and webhooks dead-lettered.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    for (const outcome of PLATFORM_WEBHOOK_OUTCOMES) this.deliveries.inc({ outcome }, 0);
  }

  platformWebhook(outcome: PlatformWebhookOutcome): void {
    this.deliveries.inc({ outcome: boundedLabel(outcome, PLATFORM_WEBHOOK_OUTCOMES) });
  }
}
