import type { OrderStatusWebhook, PlatformWebhookFailure } from './platform-webhook.types';

/** What an admin's replay of a dead letter came to. */
export interface PlatformWebhookReplayOutcome {
  result: 'delivered' | 'failed';
  /** The receiver's status, when it answered. */
  httpStatus?: number;
  /** Why it failed, for `failed`. */
  failure?: PlatformWebhookFailure;
  /** The keyId of the API key that replayed it, never the key. */
  replayedBy: string;
}

/** A status webhook Waybill gave up on: after 3 days of retries, or refused for good by the receiver. */
export interface PlatformWebhookDeadLetter {
  /** `evt_order_<orderId>_<sequence>`: the same ID every attempt and every replay carries. */
  webhookId: string;
  orderId: string;
  sequence: number;
  /** The event as the workflow sent it; replays rebuild the identical body from it. */
  payload: OrderStatusWebhook;
  /** The last attempt's failure. */
  failure: PlatformWebhookFailure;
  attempts: number;
  deadAt: Date;
  /** The latest replay, if any. */
  replayedAt?: Date;
  replayOutcome?: PlatformWebhookReplayOutcome;
  /** How many times it was replayed. */
  replays: number;
}

export interface NewPlatformWebhookDeadLetter {
  payload: OrderStatusWebhook;
  failure: PlatformWebhookFailure;
  attempts: number;
  deadAt: Date;
}

/** Where dead letters are kept (MongoDB's `platform_webhook_dead_letters`; in memory for tests). */
export interface PlatformWebhookDeadLetterStore {
  /** Stores the dead letter unless one with its webhook ID exists; answers the stored one either way. */
  insertIfAbsent(deadLetter: NewPlatformWebhookDeadLetter): Promise<{ created: boolean; deadLetter: PlatformWebhookDeadLetter }>;
}
