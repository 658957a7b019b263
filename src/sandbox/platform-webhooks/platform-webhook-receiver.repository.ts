import type { SandboxPlatformWebhook } from './platform-webhook-receiver.schema';

export type ReceivedPlatformWebhook = SandboxPlatformWebhook;

/** Storage for the sandbox platform's accepted webhooks; an abstract class so it can be the Nest token and swapped in tests. */
export abstract class PlatformWebhookReceiverRepository {
  /** Inserts a webhook; false when one with its ID was already accepted. */
  abstract insert(webhook: ReceivedPlatformWebhook): Promise<boolean>;
  /** In sequence order; every order's when `orderId` is absent (at most `limit`). */
  abstract list(orderId: string | undefined, limit: number): Promise<ReceivedPlatformWebhook[]>;
}
