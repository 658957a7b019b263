import type {
  NewPlatformWebhookDeadLetter,
  PlatformWebhookDeadLetter,
  PlatformWebhookDeadLetterStore,
} from '../../activities/platform-webhooks/platform-webhook-dead-letters';
import { PlatformWebhookDeliveryError, type PlatformWebhookSender, type PlatformWebhookSent } from '../../activities/platform-webhooks/platform-webhook.sender';
import { platformWebhookId, type OrderStatusWebhook } from '../../activities/platform-webhooks/platform-webhook.types';

/** Keeps dead letters by webhook ID like the MongoDB repository: a second record of one ID stores nothing new. */
export class InMemoryPlatformWebhookDeadLetters implements PlatformWebhookDeadLetterStore {
  readonly deadLetters = new Map<string, PlatformWebhookDeadLetter>();

  async insertIfAbsent(input: NewPlatformWebhookDeadLetter): Promise<{ created: boolean; deadLetter: PlatformWebhookDeadLetter }> {
    const webhookId = platformWebhookId(input.payload.orderId, input.payload.sequence);
    const existing = this.deadLetters.get(webhookId);
    if (existing) return { created: false, deadLetter: structuredClone(existing) };
    const deadLetter: PlatformWebhookDeadLetter = { webhookId, orderId: input.payload.orderId, sequence: input.payload.sequence, ...structuredClone(input), replays: 0 };
    this.deadLetters.set(webhookId, deadLetter);
    return { created: true, deadLetter: structuredClone(deadLetter) };
  }
}

/**
 * A sender that records what it was asked to send and answers from a script: each queued answer
 * is used once (an error is thrown), then it delivers with 204.
 */
export class ScriptedPlatformWebhookSender implements PlatformWebhookSender {
  readonly sent: OrderStatusWebhook[] = [];
  private readonly script: Array<PlatformWebhookDeliveryError | Error> = [];

  failNext(...errors: Array<PlatformWebhookDeliveryError | Error>): this {
    this.script.push(...errors);
    return this;
  }

  async send(event: OrderStatusWebhook): Promise<PlatformWebhookSent> {
    this.sent.push(structuredClone(event));
    const next = this.script.shift();
    if (next) throw next;
    return { webhookId: platformWebhookId(event.orderId, event.sequence), httpStatus: 204 };
  }
}
