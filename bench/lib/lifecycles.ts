import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { addShipmentUpdate } from '../../workflows/order/order.messages';
import type { OrderWorkflowInput } from '../../workflows/order/order.types';
import { orderWorkflow } from '../../workflows/order/order.workflow';
import { orderWorkflowId, shipmentWorkflowId } from '../../workflows/shared/ids';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../../workflows/shared/lifecycle-policy';
import { ESCROW_STATE, ORDER_STATUS } from '../../workflows/shared/search-attributes';
import type { TrackingEvent } from '../../workflows/shared/tracking';
import { EscrowState, OrderStatus, ShipmentStatus } from '../../workflows/shared/vocabulary';
import { carrierEventsSignal } from '../../workflows/shipment/shipment.messages';
import type { PollPolicy } from '../../workflows/shipment/polling';
import { bareAddChildUpdate, bareCarrierEventsSignal, bareOrderWorkflow } from '../workflows/bare.workflows';
import type { BareShape } from '../workflows/bare-shape';
import type { WorkerProcess } from './worker-process';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/**
 * A five-day UPS journey, label to doorstep, as the carrier's timestamps tell it: the pushes carry
 * these instants, so the workflow sees a parcel that took five days, whatever the wall clock says.
 */
export function fiveDayJourney(trackingNumber: string, startsAt: number): TrackingEvent[] {
  const steps: Array<[ShipmentStatus, number, string]> = [
    [ShipmentStatus.INFO_RECEIVED, 0, 'Shipper created a label'],
    [ShipmentStatus.IN_TRANSIT, 10 * HOUR, 'Picked up'],
    [ShipmentStatus.IN_TRANSIT, 1 * DAY + 2 * HOUR, 'Departed from facility'],
    [ShipmentStatus.IN_TRANSIT, 2 * DAY + 5 * HOUR, 'Arrived at facility'],
    [ShipmentStatus.IN_TRANSIT, 3 * DAY + 1 * HOUR, 'Departed from facility'],
    [ShipmentStatus.IN_TRANSIT, 4 * DAY + 3 * HOUR, 'Arrived at destination facility'],
    [ShipmentStatus.OUT_FOR_DELIVERY, 4 * DAY + 23 * HOUR, 'Out for delivery'],
    [ShipmentStatus.DELIVERED, 5 * DAY + 6 * HOUR, 'Delivered, front door'],
  ];
  return steps.map(([status, offset, description]) => {
    const occurredAt = new Date(startsAt + offset).toISOString();
    return { fingerprint: `ups|${trackingNumber}|${status}|${occurredAt}`, status, occurredAt, description, carrierCodes: { type: 'I', code: 'XX', statusCode: '005' } };
  });
}

export interface LifecycleSettings {
  /** Pause between two pushes of one parcel, so each is its own workflow task, as webhooks hours apart are. */
  pushGapMs: number;
  /** The dispute window before the escrow's release, shortened so a lifecycle ends in seconds. */
  disputeWindowMs: number;
  /** Defaults to BENCH_POLL_POLICY. */
  pollPolicy?: PollPolicy;
}

/** Polls are only a safety net for a parcel whose pushes flow: an hour apart, they never fire during a run. */
export const BENCH_POLL_POLICY: PollPolicy = {
  preTransitMs: HOUR,
  inTransitMs: HOUR,
  outForDeliveryMs: HOUR,
  awaitingPickupMs: HOUR,
  exceptionMs: HOUR,
  failureBackoffMs: HOUR,
};

/** Production's lifecycle, with the confirming read and the dispute window shortened to real seconds. */
export const benchLifecyclePolicy = (settings: LifecycleSettings): LifecyclePolicy => ({
  ...DEFAULT_LIFECYCLE_POLICY,
  deliveryConfirmDelayMs: 200,
  disputeWindowMs: settings.disputeWindowMs,
});

export interface ShipmentIds {
  orderWorkflowId: string;
  shipmentWorkflowId: string;
}

/**
 * One order with one parcel, from creation to the escrow's release, through Waybill's real
 * workflows: started as the API starts it, the parcel added by the same update, the carrier's
 * five days pushed as signals (and recorded at the bench carrier for the confirming poll).
 */
export async function runWaybillShipment(client: Client, worker: WorkerProcess, taskQueue: string, key: string, settings: LifecycleSettings, waitForEnd = true): Promise<ShipmentIds> {
  const orderId = `BENCH-${key}`;
  const shipmentId = `shp_bench_${key}`;
  const trackingNumber = `1ZBENCH${key.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
  const input: OrderWorkflowInput = {
    // Synthetic contact: no personal data in a benchmark.
    order: { orderId, customer: { name: 'Bench Customer', email: `bench+${key}@waybill.invalid` }, escrow: { amount: 4999, currency: 'USD' } },
    requestHash: 'bench',
    pollPolicy: settings.pollPolicy ?? BENCH_POLL_POLICY,
    lifecycle: benchLifecyclePolicy(settings),
  };
  const order = await client.workflow.start(orderWorkflow, {
    workflowId: orderWorkflowId(orderId),
    taskQueue,
    args: [input],
    memo: { requestHash: input.requestHash },
    typedSearchAttributes: [
      { key: ORDER_STATUS, value: OrderStatus.ORDER_RECEIVED },
      { key: ESCROW_STATE, value: EscrowState.HELD },
    ],
  });
  await order.executeUpdate(addShipmentUpdate, {
    updateId: `addShipment:${shipmentId}`,
    args: [{ shipmentId, carrier: 'ups', trackingNumber, trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`, actor: { role: 'platform', keyId: 'key_bench' } }],
  });
  const shipment = client.workflow.getHandle(shipmentWorkflowId(shipmentId));
  const journey = fiveDayJourney(trackingNumber, Date.now() - 6 * DAY);
  const steps = waitForEnd ? journey : journey.slice(0, 3);
  for (const event of steps) {
    worker.scan(trackingNumber, event);
    await shipment.signal(carrierEventsSignal, { events: [event] });
    await sleep(settings.pushGapMs);
  }
  if (waitForEnd) {
    await order.result();
    worker.forget(trackingNumber);
  }
  return { orderWorkflowId: order.workflowId, shipmentWorkflowId: shipment.workflowId };
}

/** The same drive through the bare baseline: same start, same update, same pushes and payloads. */
export async function runBareShipment(client: Client, taskQueue: string, key: string, shapes: { order: BareShape; shipment: BareShape }, settings: LifecycleSettings, waitForEnd = true): Promise<ShipmentIds> {
  const order = await client.workflow.start(bareOrderWorkflow, { workflowId: `bare-order:${key}`, taskQueue, args: [shapes] });
  const childWorkflowId = `bare-shipment:${key}`;
  await order.executeUpdate(bareAddChildUpdate, { updateId: `addShipment:${key}`, args: [{ childWorkflowId }] });
  const shipment = client.workflow.getHandle(childWorkflowId);
  const trackingNumber = `1ZBARE${key.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
  const journey = fiveDayJourney(trackingNumber, Date.now() - 6 * DAY);
  for (const event of waitForEnd ? journey : journey.slice(0, 3)) {
    await shipment.signal(bareCarrierEventsSignal, { events: [event] });
    await sleep(settings.pushGapMs);
  }
  if (waitForEnd) await order.result();
  return { orderWorkflowId: order.workflowId, shipmentWorkflowId: childWorkflowId };
}
