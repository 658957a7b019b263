import { BadRequestException, ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { validateTrackingNumber, trackingUrl } from '../../activities/carriers/tracking-numbers';
import { addShipmentUpdate, cancelOrderUpdate, markProcessingUpdate } from '../../workflows/order/order.messages';
import type { OrderShipment, OrderWorkflowInput } from '../../workflows/order/order.types';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { orderWorkflowId, WAYBILL_TASK_QUEUE } from '../../workflows/shared/ids';
import { ESCROW_STATE, ORDER_STATUS } from '../../workflows/shared/search-attributes';
import { EscrowState, OrderStatus, type Carrier } from '../../workflows/shared/vocabulary';
import type { Principal } from '../auth/api-keys';
import type { WaybillConfig } from '../config/config';
import { WAYBILL_CONFIG } from '../config/config.module';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { toHttpError } from '../temporal/temporal-errors';
import { decodeCursor, encodeCursor } from './cursor';
import type { AddShipmentDto, CancelOrderDto, CreateOrderDto, ListOrdersQueryDto } from './orders.dto';
import { orderRequestHash } from './order-request-hash';
import { actorOf, OrderWorkflows } from './order-workflows';
import { toOrderSummary, type OrderDetail, type OrderSummary, type ShipmentResponse } from './orders.responses';
import { shipmentIdFor } from './shipment-id';

export interface Created<T> {
  created: boolean;
  body: T;
}

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(WAYBILL_CONFIG) private readonly config: WaybillConfig,
    private readonly readModel: ReadModelRepository,
    private readonly workflows: OrderWorkflows,
  ) {}

  /** Starts the order's workflow; a repeat of the same request returns the existing order. */
  async create(dto: CreateOrderDto): Promise<Created<OrderDetail>> {
    const requestHash = orderRequestHash(dto);
    const input: OrderWorkflowInput = { order: dto, requestHash, pollPolicy: this.config.pollIntervals, lifecycle: this.config.lifecycle };
    try {
      await this.temporal.workflow.start(orderWorkflow, {
        workflowId: orderWorkflowId(dto.orderId),
        taskQueue: WAYBILL_TASK_QUEUE,
        args: [input],
        memo: { requestHash },
        // Fail on an existing ID, open or closed: one workflow per order, ever.
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: ORDER_STATUS, value: OrderStatus.ORDER_RECEIVED },
          { key: ESCROW_STATE, value: dto.escrow ? EscrowState.HELD : EscrowState.NONE },
        ],
      });
      this.logger.log(`Order ${dto.orderId} received`);
      return { created: true, body: await this.get(dto.orderId) };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw toHttpError(err, `Order ${dto.orderId}`);
    }
    const existing = await this.workflows.handle(dto.orderId).describe();
    if (existing.memo?.requestHash !== requestHash) {
      throw new ConflictException(`Order ${dto.orderId} already exists with different details.`);
    }
    return { created: false, body: await this.get(dto.orderId) };
  }

  async markProcessing(orderId: string, principal: Principal): Promise<OrderDetail> {
    await this.workflows.execute(orderId, markProcessingUpdate, { actor: actorOf(principal) });
    return this.get(orderId);
  }

  /** The workflow decides by the actor's role: anyone before shipping, only an admin after. */
  async cancel(orderId: string, dto: CancelOrderDto, principal: Principal): Promise<OrderDetail> {
    await this.workflows.execute(orderId, cancelOrderUpdate, { actor: actorOf(principal), reason: dto.reason });
    return this.get(orderId);
  }

  async addShipment(orderId: string, dto: AddShipmentDto, principal: Principal): Promise<Created<ShipmentResponse>> {
    const check = validateTrackingNumber(dto.trackingNumber, dto.carrier as Carrier | undefined);
    if (!check.valid) {
      if (!('ambiguousCarriers' in check)) throw new BadRequestException(check.reason);
      // Nest's own 400 body, plus the candidates a client can offer its user to pick from.
      throw new BadRequestException({ message: check.reason, error: 'Bad Request', statusCode: 400, ambiguousCarriers: check.ambiguousCarriers });
    }
    const { carrier, trackingNumber } = check;
    if (!this.config.carriers[carrier]) throw new BadRequestException(`Carrier ${carrier} is not configured on this Waybill.`);
    const shipmentId = shipmentIdFor(orderId, carrier, trackingNumber);

    const before = await this.workflows.query(orderId);
    const alreadyThere = before?.shipments.some((s) => s.shipmentId === shipmentId) ?? false;
    const shipment = await this.workflows.execute(
      orderId,
      addShipmentUpdate,
      { shipmentId, carrier, trackingNumber, trackingUrl: trackingUrl(carrier, trackingNumber), actor: actorOf(principal) },
      `addShipment:${shipmentId}`,
    );
    return { created: !alreadyThere, body: shipmentResponse(shipment) };
  }

  /** The read model, refreshed with the workflow's live view when the workflow answers in time. */
  get(orderId: string): Promise<OrderDetail> {
    return this.workflows.detail(orderId);
  }

  async list(query: ListOrdersQueryDto): Promise<{ orders: OrderSummary[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !after) throw new BadRequestException('cursor is not valid; use the nextCursor of a previous page.');
    const documents = await this.readModel.listOrders({
      status: query.status as OrderStatus | undefined,
      carrier: query.carrier as Carrier | undefined,
      limit: query.limit + 1,
      after,
    });
    const page = documents.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      orders: page.map(toOrderSummary),
      nextCursor: documents.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, orderId: last._id }) : null,
    };
  }
}

const shipmentResponse = (shipment: OrderShipment): ShipmentResponse => ({
  shipmentId: shipment.shipmentId,
  carrier: shipment.carrier,
  trackingNumber: shipment.trackingNumber,
  trackingUrl: shipment.trackingUrl,
  status: shipment.status,
});
