import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { Client, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { getOrderQuery, OrderRejection } from '../../workflows/order/order.messages';
import type { Actor, OrderView } from '../../workflows/order/order.types';
import type { orderWorkflow } from '../../workflows/order/order.workflow';
import { orderWorkflowId, shipmentWorkflowId } from '../../workflows/shared/ids';
import { refreshNowSignal } from '../../workflows/shipment/shipment.messages';
import type { Principal } from '../auth/api-keys';
import { ReadModelRepository } from '../persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { toHttpError } from '../temporal/temporal-errors';
import { toOrderDetail, toOrderDetailFromDescription, type OrderDetail } from './orders.responses';

/** How long a read waits for the workflow's live answer before settling for the read model. */
const LIVE_QUERY_TIMEOUT_MS = 2000;

/** The actor an API key acts as: its real role and its non-secret ID, recorded in the order's history. */
export const actorOf = (principal: Principal): Actor => ({ role: principal.role, keyId: principal.keyId });

/**
 * Talking to an order's workflow, shared by the platform, admin and customer routes: its live view,
 * its Temporal record, running an update with rejections answered as HTTP errors, and reading the
 * order as GET /v1/orders/{id} answers it.
 */
@Injectable()
export class OrderWorkflows {
  private readonly logger = new Logger(OrderWorkflows.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly readModel: ReadModelRepository,
  ) {}

  handle(orderId: string): WorkflowHandle<typeof orderWorkflow> {
    return this.temporal.workflow.getHandle<typeof orderWorkflow>(orderWorkflowId(orderId));
  }

  /**
   * Runs one update of the order's workflow with a single argument. `updateId`, when given, lets
   * Temporal answer a repeat (a client retry) with the first call's result instead of running it again.
   */
  execute<Ret, Arg>(orderId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg, updateId?: string): Promise<Ret> {
    return this.run(orderId, () => this.handle(orderId).executeUpdate(update, updateId ? { args: [arg], updateId } : { args: [arg] }));
  }

  /**
   * Runs an update, telling "no such order" (404) apart from "this order is closed" (409 OrderClosed),
   * and answering the workflow's rejections with their HTTP status (see toHttpError).
   */
  async run<T>(orderId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        const description = await this.describe(orderId);
        if (description && description.status.name !== 'RUNNING') {
          throw new ConflictException({
            statusCode: 409,
            error: OrderRejection.CLOSED,
            message: `Order ${orderId} is closed (${description.status.name.toLowerCase()}) and accepts no more changes.`,
          });
        }
        throw new NotFoundException(`Order ${orderId} not found.`);
      }
      throw toHttpError(err, `Order ${orderId}`);
    }
  }

  /** The workflow's live view, or undefined when it cannot answer quickly (no worker, no workflow). */
  async query(orderId: string): Promise<OrderView | undefined> {
    // Aborted, not just abandoned: a query nobody waits for would otherwise keep retrying.
    const signal = AbortSignal.timeout(LIVE_QUERY_TIMEOUT_MS);
    try {
      return await this.temporal.withAbortSignal(signal, () => this.handle(orderId).query(getOrderQuery));
    } catch (err) {
      if (signal.aborted) return undefined;
      if (!(err instanceof WorkflowNotFoundError)) this.logger.warn(`Live query for order ${orderId} failed: ${String(err)}`);
      return undefined;
    }
  }

  /** Temporal's record of the workflow, or undefined when there is none. */
  async describe(orderId: string) {
    try {
      return await this.handle(orderId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw toHttpError(err, `Order ${orderId}`);
    }
  }

  /** The read model, refreshed with the workflow's live view when the workflow answers in time. */
  async detail(orderId: string): Promise<OrderDetail> {
    const [document, shipments, live] = await Promise.all([
      this.readModel.findOrder(orderId),
      this.readModel.findShipmentsOfOrder(orderId),
      this.query(orderId),
    ]);
    if (document || live) return toOrderDetail(document, shipments, live);
    // Just created, and neither the worker nor the read model has caught up: Temporal's own record says enough.
    const description = await this.describe(orderId);
    if (!description) throw new NotFoundException(`Order ${orderId} not found.`);
    return toOrderDetailFromDescription(orderId, description);
  }

  /** The order as an update answered it (it is never behind), with the parcels' timelines from the read model. */
  async detailOf(view: OrderView): Promise<OrderDetail> {
    return toOrderDetail(null, await this.readModel.findShipmentsOfOrder(view.orderId), view);
  }

  /**
   * Asks a parcel's workflow to poll its carrier now. The parcel must belong to the order (the
   * shipment ID alone would let a caller poke any parcel) and still be followed.
   */
  async refreshShipment(orderId: string, shipmentId: string, principal: Principal): Promise<void> {
    const [live, shipments] = await Promise.all([this.query(orderId), this.readModel.findShipmentsOfOrder(orderId)]);
    const known = live?.shipments.some((s) => s.shipmentId === shipmentId) || shipments.some((s) => s.shipmentId === shipmentId);
    if (!known) throw new NotFoundException({ statusCode: 404, error: OrderRejection.UNKNOWN_SHIPMENT, message: `Order ${orderId} has no shipment ${shipmentId}.` });
    try {
      await this.temporal.workflow.getHandle(shipmentWorkflowId(shipmentId)).signal(refreshNowSignal, { keyId: principal.keyId });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw new ConflictException({ statusCode: 409, error: 'ShipmentClosed', message: `Shipment ${shipmentId} is no longer followed; it reached a final state.` });
      }
      throw toHttpError(err, `Shipment ${shipmentId}`);
    }
  }
}
