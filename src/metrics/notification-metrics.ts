import { Counter, type Registry } from 'prom-client';
import type { NotificationOutcome, NotificationRecorder } from '../../activities/activity-metrics';
import { NotificationChannel } from '../../workflows/shared/vocabulary';
import { boundedLabel } from './bounded-label';

export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = Object.values(NotificationChannel);
export const NOTIFICATION_OUTCOMES: readonly NotificationOutcome[] = [
  'sent',
  'failed_permanent',
  'failed_retryable',
  'duplicate',
  'in_flight',
  'suppressed',
  'channel_disabled',
  'collapsed',
  'capped',
];

/** Customer messages by channel and outcome, counted by the notification activities. */
export class NotificationMetrics implements NotificationRecorder {
  private readonly messages: Counter<'channel' | 'outcome'>;

  constructor(registry: Registry) {
    this.messages = new Counter({
      name: 'waybill_notifications_total',
      help: 'Customer notification attempts by channel (email, sms, push) and outcome (sent, failed_permanent, failed_retryable, suppressed, capped, ...).',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    });
    for (const channel of NOTIFICATION_CHANNELS) for (const outcome of NOTIFICATION_OUTCOMES) this.messages.inc({ channel, outcome }, 0);
  }

  notification(channel: NotificationChannel, outcome: NotificationOutcome): void {
    this.messages.inc({ channel: boundedLabel(channel, NOTIFICATION_CHANNELS), outcome: boundedLabel(outcome, NOTIFICATION_OUTCOMES) });
  }
}
