import { Injectable, Logger } from '@nestjs/common';
import {
  extendDeadlineUpdate,
  holdEscrowUpdate,
  markShipmentDeliveredUpdate,
  releaseEscrowUpdate,
  resendNotificationUpdate,
  resolveDisputeUpdate,
} from '../../workflows/order/order.messages';
import type { Principal } from '../auth/api-keys';
import type { EscrowOverrideDto, ExtendDeadlineBody, MarkShipmentDeliveredDto, ResendNotificationDto, ResolveDisputeDto } from './order-actions.dto';
import { actorOf, OrderWorkflows } from './order-workflows';
import type { OrderDetail } from './orders.responses';

/**
 * Admin actions on an order. The workflow checks the actor's role itself (a platform key gets 403
 * ActionNotAllowed even if a route let it through) and records the actor in the order's history.
 * Each answers the order as the update left it, with the parcels' timelines from the read model.
 *
 * Update IDs: marking a parcel delivered is once per parcel, so `markShipmentDelivered:<shipmentId>`
 * makes a client's retry answer the first call's result. The others may rightly happen again on the
 * same order (a deadline moved twice, a hold after a release, a release again after the provider
 * refused one, a dispute after an escrow decision), so they carry no ID; a retry of one that already
 * took effect is either a no-op in the workflow or a 409 that says why.
 */
@Injectable()
export class OrderActionsService {
  private readonly logger = new Logger(OrderActionsService.name);

  constructor(private readonly workflows: OrderWorkflows) {}

  async resolveDispute(orderId: string, dto: ResolveDisputeDto, principal: Principal): Promise<OrderDetail> {
    const view = await this.workflows.execute(orderId, resolveDisputeUpdate, { actor: actorOf(principal), resolution: dto.resolution, note: dto.note });
    this.logger.log(`Order ${orderId}: dispute resolved (${dto.resolution}) by ${principal.keyId}`);
    return this.workflows.detailOf(view);
  }

  async markShipmentDelivered(orderId: string, shipmentId: string, dto: MarkShipmentDeliveredDto, principal: Principal): Promise<OrderDetail> {
    const view = await this.workflows.execute(
      orderId,
      markShipmentDeliveredUpdate,
      { actor: actorOf(principal), shipmentId, note: dto.note, reference: dto.reference },
      `markShipmentDelivered:${shipmentId}`,
    );
    this.logger.log(`Order ${orderId}: shipment ${shipmentId} marked delivered by ${principal.keyId}`);
    return this.workflows.detailOf(view);
  }

  async extendDeadline(orderId: string, body: ExtendDeadlineBody, principal: Principal): Promise<OrderDetail> {
    const actor = actorOf(principal);
    const input =
      body.deadline === 'promised_delivery'
        ? { actor, deadline: body.deadline, date: body.date }
        : { actor, deadline: body.deadline, until: body.until };
    const view = await this.workflows.execute(orderId, extendDeadlineUpdate, input);
    this.logger.log(`Order ${orderId}: ${body.deadline} extended by ${principal.keyId}`);
    return this.workflows.detailOf(view);
  }

  async holdEscrow(orderId: string, dto: EscrowOverrideDto, principal: Principal): Promise<OrderDetail> {
    const view = await this.workflows.execute(orderId, holdEscrowUpdate, { actor: actorOf(principal), reason: dto.reason });
    this.logger.log(`Order ${orderId}: escrow held by ${principal.keyId}`);
    return this.workflows.detailOf(view);
  }

  async releaseEscrow(orderId: string, dto: EscrowOverrideDto, principal: Principal): Promise<OrderDetail> {
    const view = await this.workflows.execute(orderId, releaseEscrowUpdate, { actor: actorOf(principal), reason: dto.reason });
    this.logger.log(`Order ${orderId}: escrow release ordered by ${principal.keyId}`);
    return this.workflows.detailOf(view);
  }

  /** Support: the same message again on one channel. Each call is a new resend (rate-limited at the edge). */
  async resendNotification(orderId: string, dto: ResendNotificationDto, principal: Principal): Promise<OrderDetail> {
    const input = { actor: actorOf(principal), milestone: dto.milestone, channel: dto.channel, shipmentId: dto.shipmentId, revision: dto.revision };
    const view = await this.workflows.execute(orderId, resendNotificationUpdate, input);
    this.logger.log(`Order ${orderId}: ${dto.milestone} resent by ${dto.channel} for ${principal.keyId}`);
    return this.workflows.detailOf(view);
  }

  /** Support: poll the parcel's carrier now. The shipment must be the order's and still followed. */
  async refreshShipment(orderId: string, shipmentId: string, principal: Principal): Promise<ShipmentRefresh> {
    await this.workflows.refreshShipment(orderId, shipmentId, principal);
    this.logger.log(`Order ${orderId}: shipment ${shipmentId} refresh asked by ${principal.keyId}`);
    return { orderId, shipmentId, refreshRequested: true };
  }
}

export interface ShipmentRefresh {
  orderId: string;
  shipmentId: string;
  refreshRequested: true;
}
