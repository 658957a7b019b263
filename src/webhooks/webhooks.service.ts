import { createHash } from 'node:crypto';
import { BadRequestException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { WebhookPayloadError, type WebhookDelivery } from '../../activities/carriers/webhooks/webhook-delivery';
import { WebhookInboxRepository } from '../persistence/webhook-inbox.repository';
import { CARRIER_WEBHOOKS, type CarrierWebhook, type WebhookHeaders } from './carrier-webhook';
import { WebhookForwarder } from './webhook-forwarder';

export interface WebhookReceipt {
  /** False when this exact payload was handed over before and was ignored. */
  accepted: boolean;
  /** Tracking updates in the payload, now queued for their shipments. */
  updates: number;
}

/**
 * Carrier push ingress: authenticate, parse, store in the durable inbox, acknowledge. Carriers want
 * an answer at once (UPS: "within milliseconds"; DHL: within 5 s), so Temporal is not on this path:
 * the forwarder hands the updates to the shipments right after, and again after any failure.
 */
@Injectable()
export class WebhooksService {
  private readonly webhooks: ReadonlyMap<string, CarrierWebhook>;

  constructor(
    @Inject(CARRIER_WEBHOOKS) webhooks: CarrierWebhook[],
    private readonly inbox: WebhookInboxRepository,
    private readonly forwarder: WebhookForwarder,
  ) {
    this.webhooks = new Map(webhooks.map((w) => [w.source, w]));
  }

  async receive(source: string, headers: WebhookHeaders, rawBody: Buffer): Promise<WebhookReceipt> {
    const webhook = this.webhooks.get(source);
    if (!webhook) throw new UnauthorizedException(`The ${source} webhook is not accepting pushes: no secret is configured for it.`);
    // Nothing about an unauthenticated request is stored or even parsed.
    if (!webhook.verify(headers, rawBody)) throw new UnauthorizedException(`The ${source} webhook signature or credential is missing or wrong.`);
    let delivery: WebhookDelivery;
    try {
      delivery = webhook.parse(rawBody);
    } catch (err) {
      if (err instanceof WebhookPayloadError) throw new BadRequestException(err.message);
      throw err;
    }

    const key = `${source}:${delivery.eventId ?? createHash('sha256').update(rawBody).digest('hex')}`;
    if ((await this.inbox.accept(key, source, delivery.updates)) === 'duplicate') return { accepted: false, updates: 0 };
    this.forwarder.schedule(key);
    return { accepted: true, updates: delivery.updates.length };
  }
}
