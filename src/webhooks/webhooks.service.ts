import { createHash } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WebhookPayloadError, type PushedTrackingUpdate, type WebhookDelivery } from '../../activities/carriers/webhooks/webhook-delivery';
import { shipmentWorkflowId } from '../../workflows/shared/ids';
import { carrierEventsSignal, type CarrierEventsInput } from '../../workflows/shipment/shipment.messages';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { UnmatchedEventsRepository } from '../persistence/unmatched-events.repository';
import { WebhookInboxRepository } from '../persistence/webhook-inbox.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { toHttpError } from '../temporal/temporal-errors';
import { CARRIER_WEBHOOKS, type CarrierWebhook, type WebhookHeaders } from './carrier-webhook';

export interface WebhookReceipt {
  /** False when this exact payload was processed before and was ignored. */
  accepted: boolean;
  /** Updates handed to shipment workflows. */
  matched: number;
  /** Updates for tracking numbers no shipment has yet, kept for a later match. */
  kept: number;
}

/**
 * Carrier push ingress: authenticate, parse, record in the durable inbox, then hand each update to
 * the shipment workflows that follow its tracking number. Anything that goes wrong before the
 * inbox entry is marked processed leaves it `received`, so the carrier's retry processes it again.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly webhooks: ReadonlyMap<string, CarrierWebhook>;

  constructor(
    @Inject(CARRIER_WEBHOOKS) webhooks: CarrierWebhook[],
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(WAYBILL_CONFIG) private readonly config: WaybillConfig,
    private readonly inbox: WebhookInboxRepository,
    private readonly unmatched: UnmatchedEventsRepository,
    private readonly readModel: ReadModelRepository,
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
    if ((await this.inbox.record(key, source)) === 'processed') return { accepted: false, matched: 0, kept: 0 };

    let matched = 0;
    let kept = 0;
    for (const update of delivery.updates) {
      if (await this.route(update)) matched += 1;
      else kept += 1;
    }
    await this.inbox.markProcessed(key, delivery.updates.length);
    this.logger.log(`Webhook ${key.slice(0, 80)} from ${source}: ${matched} matched, ${kept} kept for later`);
    return { accepted: true, matched, kept };
  }

  /** True when a shipment took the update; false when it was kept for a shipment added later. */
  private async route(update: PushedTrackingUpdate): Promise<boolean> {
    if (await this.signalShipments(update)) return true;
    const expiresAt = new Date(Date.now() + this.config.webhooks.unmatchedRetentionMs);
    const id = await this.unmatched.keep(update, expiresAt);
    // A shipment created between the lookup and the insert has already taken what was kept before;
    // look again so this update is not stranded until it expires.
    if (await this.signalShipments(update)) {
      await this.unmatched.remove(id);
      return true;
    }
    return false;
  }

  private async signalShipments(update: PushedTrackingUpdate): Promise<boolean> {
    const shipmentIds = await this.readModel.findShipmentIdsByTracking(update.carrier, update.trackingNumber);
    const input: CarrierEventsInput = { events: update.events, estimatedDelivery: update.estimatedDelivery, proofOfDelivery: update.proofOfDelivery };
    let signalled = false;
    for (const shipmentId of shipmentIds) {
      try {
        await this.temporal.workflow.getHandle(shipmentWorkflowId(shipmentId)).signal(carrierEventsSignal, input);
        signalled = true;
      } catch (err) {
        // A finished shipment has nothing left to learn from the carrier.
        if (err instanceof WorkflowNotFoundError) continue;
        throw toHttpError(err, 'Shipment');
      }
    }
    return signalled || shipmentIds.length > 0;
  }
}
