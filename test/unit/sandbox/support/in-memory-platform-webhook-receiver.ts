import { PlatformWebhookReceiverRepository, type ReceivedPlatformWebhook } from '../../../../src/sandbox/platform-webhooks/platform-webhook-receiver.repository';

/** The sandbox platform's accepted webhooks, keyed by webhook-id like the MongoDB collection. */
export class InMemoryPlatformWebhookReceiverRepository extends PlatformWebhookReceiverRepository {
  readonly webhooks = new Map<string, ReceivedPlatformWebhook>();

  async insert(webhook: ReceivedPlatformWebhook): Promise<boolean> {
    if (this.webhooks.has(webhook._id)) return false;
    this.webhooks.set(webhook._id, structuredClone(webhook));
    return true;
  }

  async list(orderId: string | undefined, limit: number): Promise<ReceivedPlatformWebhook[]> {
    return [...this.webhooks.values()]
      .filter((w) => orderId === undefined || w.orderId === orderId)
      .sort((a, b) => a.orderId.localeCompare(b.orderId) || a.sequence - b.sequence)
      .slice(0, limit)
      .map((w) => structuredClone(w));
  }
}
