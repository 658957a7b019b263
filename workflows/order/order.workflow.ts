import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  makeContinueAsNewFunc,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications/notification.activities';
import type { ReadModelActivities } from '../../activities/read-model/read-model.activities';
import { continueAsNewDue } from '../shared/continue-as-new';
import { shipmentWorkflowId } from '../shared/ids';
import { CARRIER, DELAYED, ESCROW_STATE, ORDER_STATUS, SHIPMENT_STATUS } from '../shared/search-attributes';
import { NotificationChannel, ShipmentStatus, type Milestone } from '../shared/vocabulary';
import { shipmentWorkflow } from '../shipment/shipment.workflow';
import {
  addShipmentUpdate,
  cancelOrderUpdate,
  getOrderQuery,
  markProcessingUpdate,
  shipmentUpdatedSignal,
} from './order.messages';
import {
  addShipment,
  applyShipmentUpdate,
  cancelOrder,
  createOrderState,
  isOrderFinished,
  markProcessing,
  notificationKey,
  recordNotificationFailure,
  rejectAddShipment,
  rejectCancel,
  rejectMarkProcessing,
  toOrderView,
  type Rejection,
} from './order.state';
import type { OrderChange, OrderEffect, OrderState, OrderView, OrderWorkflowInput } from './order.types';

const { upsertOrderReadModel } = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** Bounded retries: a message that cannot go out within hours is recorded, not retried forever. */
const { sendNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m', maximumAttempts: 20 },
});

const now = (): string => new Date().toISOString();

function rejectWith(rejection: Rejection | undefined): void {
  if (rejection) throw ApplicationFailure.create({ type: rejection.type, message: rejection.message, nonRetryable: true });
}

/**
 * The life of one order: its status, its parcels (one child workflow each), its escrow and its
 * customer messages. Handlers apply the pure reducer at once; the main loop carries out the
 * resulting effects in order, through `commit`.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderView> {
  const pending: OrderChange[] = [];
  let state: OrderState;
  let committedRevision: number;
  if (input.state) {
    state = input.state;
    committedRevision = state.revision;
  } else {
    const created = createOrderState(input, now());
    state = created.state;
    pending.push(created);
    committedRevision = 0;
  }
  const apply = (change: OrderChange): number => {
    state = change.state;
    if (change.changed) pending.push(change);
    return change.state.revision;
  };
  const committed = (revision: number) => condition(() => committedRevision >= revision);

  setHandler(getOrderQuery, () => toOrderView(state));
  setHandler(
    markProcessingUpdate,
    async ({ actor }) => {
      await committed(apply(markProcessing(state, actor, now())));
      return toOrderView(state);
    },
    { validator: (_request) => rejectWith(rejectMarkProcessing(state)) },
  );
  setHandler(
    addShipmentUpdate,
    async (request) => {
      await committed(apply(addShipment(state, request, now())));
      const shipment = state.shipments.find((s) => s.shipmentId === request.shipmentId);
      if (!shipment) throw ApplicationFailure.nonRetryable('Shipment vanished after being added', 'InternalError');
      return shipment;
    },
    { validator: (request) => rejectWith(rejectAddShipment(state, request)) },
  );
  setHandler(
    cancelOrderUpdate,
    async ({ actor, reason }) => {
      await committed(apply(cancelOrder(state, actor, reason, now())));
      return toOrderView(state);
    },
    { validator: (_request) => rejectWith(rejectCancel(state)) },
  );
  setHandler(shipmentUpdatedSignal, (update) => void apply(applyShipmentUpdate(state, update, now())));

  const notifications = new Set<Promise<void>>();
  const notify = (effect: Extract<OrderEffect, { type: 'notify' }>) => {
    const sending = sendMilestone(state, effect.milestone, effect.shipmentId).catch(() => {
      const key = notificationKey(effect.milestone, effect.shipmentId);
      log.warn('Notification failed permanently', { orderId: state.orderId, notification: key });
      apply(recordNotificationFailure(state, key, now()));
    });
    notifications.add(sending);
    void sending.finally(() => notifications.delete(sending));
  };

  /** The one place order changes leave the workflow: children, read model, search attributes, customer. */
  const commit = async (): Promise<void> => {
    const effects = pending.splice(0).flatMap((c) => c.effects);
    for (const effect of effects) if (effect.type === 'startShipment') await startShipment(state, effect.shipmentId, input);
    const written = state;
    await upsertOrderReadModel(toOrderView(written));
    upsertSearchAttributes([
      { key: ORDER_STATUS, value: written.status },
      { key: CARRIER, value: [...new Set(written.shipments.map((s) => s.carrier))] },
      { key: ESCROW_STATE, value: written.escrow.state },
      { key: DELAYED, value: written.delayed },
    ]);
    for (const effect of effects) if (effect.type === 'notify') notify(effect);
    committedRevision = written.revision;
  };

  for (;;) {
    await condition(() => pending.length > 0 || isOrderFinished(state) || continueAsNewDue(input.continueAsNewAtHistoryLength));
    if (pending.length > 0) {
      await commit();
      continue;
    }
    await Promise.all(notifications);
    // An update handler waits for its change to be committed, so a new change must wake us too.
    await condition(() => allHandlersFinished() || pending.length > 0);
    if (pending.length > 0) continue;
    if (isOrderFinished(state)) return toOrderView(state);
    const continueAsNew = makeContinueAsNewFunc<typeof orderWorkflow>({
      memo: workflowInfo().memo,
      typedSearchAttributes: workflowInfo().typedSearchAttributes,
    });
    return continueAsNew({ ...input, state });
  }
}

async function startShipment(state: OrderState, shipmentId: string, input: OrderWorkflowInput): Promise<void> {
  const shipment = state.shipments.find((s) => s.shipmentId === shipmentId);
  if (!shipment) return;
  try {
    await startChild(shipmentWorkflow, {
      workflowId: shipmentWorkflowId(shipmentId),
      args: [
        {
          shipment: {
            shipmentId,
            orderId: state.orderId,
            carrier: shipment.carrier,
            trackingNumber: shipment.trackingNumber,
            trackingUrl: shipment.trackingUrl,
          },
          pollPolicy: input.pollPolicy,
        },
      ],
      // Parcels outlive the order's runs: continue-as-new must not take them down.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: SHIPMENT_STATUS, value: ShipmentStatus.PENDING },
        { key: CARRIER, value: [shipment.carrier] },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

async function sendMilestone(state: OrderState, milestone: Milestone, shipmentId?: string): Promise<void> {
  const shipment = shipmentId ? state.shipments.find((s) => s.shipmentId === shipmentId) : undefined;
  await sendNotification({
    orderId: state.orderId,
    milestone,
    channel: NotificationChannel.EMAIL,
    shipmentId,
    customer: state.customer,
    shipment: shipment && {
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl,
      estimatedDelivery: shipment.estimatedDelivery,
      deliveredAt: shipment.ladderStatus === ShipmentStatus.DELIVERED ? shipment.lastEventAt : undefined,
      proofOfDelivery: shipment.proofOfDelivery,
    },
  });
}
