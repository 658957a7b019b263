import type { PlatformWebhookDeadLetter, PlatformWebhookReplayOutcome } from '../../activities/platform-webhooks/platform-webhook-dead-letters';
import type { OrderStatusWebhook, PlatformWebhookFailure } from '../../activities/platform-webhooks/platform-webhook.types';

export interface PlatformWebhookDeadLetterView {
  webhookId: string;
  orderId: string;
  sequence: number;
  /** The event as it is (re)sent: `data` of the webhook body. */
  payload: OrderStatusWebhook;
  failure: PlatformWebhookFailure;
  attempts: number;
  deadAt: string;
  replayedAt?: string;
  replayOutcome?: PlatformWebhookReplayOutcome;
  replays: number;
}

export interface PlatformWebhookReplayView {
  webhookId: string;
  outcome: PlatformWebhookReplayOutcome;
  deadLetter: PlatformWebhookDeadLetterView;
}

export const toDeadLetterView = (deadLetter: PlatformWebhookDeadLetter): PlatformWebhookDeadLetterView => ({
  webhookId: deadLetter.webhookId,
  orderId: deadLetter.orderId,
  sequence: deadLetter.sequence,
  payload: deadLetter.payload,
  failure: deadLetter.failure,
  attempts: deadLetter.attempts,
  deadAt: deadLetter.deadAt.toISOString(),
  replayedAt: deadLetter.replayedAt?.toISOString(),
  replayOutcome: deadLetter.replayOutcome,
  replays: deadLetter.replays,
});
