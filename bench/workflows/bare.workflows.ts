import {
  CancellationScope,
  condition,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CarrierEventsInput } from '../../workflows/shipment/shipment.messages';
import { ORDER_STATUS, SHIPMENT_STATUS } from '../../workflows/shared/search-attributes';
import type { BareActivities } from './bare.activities';
import { shareOf, type BareShape } from './bare-shape';

/**
 * B1's and B4's baseline: an order and its one parcel that run the same number of activities,
 * timers, signals, children and search-attribute upserts as Waybill's workflows did, with empty
 * bodies. Signal names and payloads match Waybill's, so payload sizes and encryption cost are equal.
 */
const { bareNoop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30s' });
const { bareParked } = proxyActivities<BareActivities>({ startToCloseTimeout: '30s', retry: { initialInterval: '1 hour', maximumInterval: '1 hour', backoffCoefficient: 1 } });

export const bareCarrierEventsSignal = defineSignal<[CarrierEventsInput]>('carrierEvents');
export const bareChildUpdatedSignal = defineSignal<[{ revision: number }]>('shipmentUpdated');
export const bareAddChildUpdate = defineUpdate<void, [{ childWorkflowId: string }]>('addShipment');

export interface BareOrderInput {
  order: BareShape;
  shipment: BareShape;
}

type SearchAttributeKey = typeof ORDER_STATUS;

/** One step's share of the work: activities in order, parked activities and timers started then cancelled. */
async function runStep(shape: BareShape, steps: number, step: number, key: SearchAttributeKey): Promise<void> {
  const parked = new CancellationScope();
  for (let i = 0; i < shareOf(shape.cancelledActivities, steps, step); i++) void parked.run(() => bareParked()).catch(swallowCancellation);
  for (let i = 0; i < shareOf(shape.cancelledTimers, steps, step); i++) void parked.run(() => sleep('1 day')).catch(swallowCancellation);
  for (let i = 0; i < shareOf(shape.searchAttributeUpserts, steps, step); i++) upsertSearchAttributes([{ key, value: `bare_${step}_${i}` }]);
  const activities = shareOf(shape.activities, steps, step);
  const rounds = Math.min(activities, Math.max(1, shareOf(shape.activityRounds, steps, step)));
  for (let round = 0; round < rounds; round++) await Promise.all(Array.from({ length: shareOf(activities, rounds, round) }, () => bareNoop()));
  parked.cancel();
}

function swallowCancellation(err: unknown): void {
  if (!isCancellation(err)) throw err;
}

export async function bareOrderWorkflow(input: BareOrderInput): Promise<void> {
  let received = 0;
  let childDone = false;
  setHandler(bareChildUpdatedSignal, () => void (received += 1));
  setHandler(bareAddChildUpdate, async ({ childWorkflowId }) => {
    const child = await startChild(bareShipmentWorkflow, {
      workflowId: childWorkflowId,
      args: [{ shape: input.shipment }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    void child.result().then(
      () => void (childDone = true),
      () => void (childDone = true),
    );
  });
  const { order } = input;
  const steps = order.signalsReceived + 1;
  await runStep(order, steps, 0, ORDER_STATUS);
  for (let step = 1; step < steps; step++) {
    // A child that sent fewer signals than expected must not leave the order waiting forever.
    await condition(() => received >= step || childDone);
    await runStep(order, steps, step, ORDER_STATUS);
  }
  for (const ms of order.firedTimersMs) await sleep(ms);
}

export async function bareShipmentWorkflow({ shape }: { shape: BareShape }): Promise<void> {
  let received = 0;
  setHandler(bareCarrierEventsSignal, () => void (received += 1));
  const parent = getExternalWorkflowHandle(parentWorkflowId());
  const steps = shape.signalsReceived + 1;
  for (let step = 0; step < steps; step++) {
    await condition(() => received >= step);
    await runStep(shape, steps, step, SHIPMENT_STATUS);
    for (let i = 0; i < shareOf(shape.signalsSent, steps, step); i++) await parent.signal(bareChildUpdatedSignal, { revision: step });
  }
  for (const ms of shape.firedTimersMs) await sleep(ms);
}

function parentWorkflowId(): string {
  const parent = workflowInfo().parent;
  if (!parent) throw new Error('bareShipmentWorkflow runs only as a child');
  return parent.workflowId;
}
