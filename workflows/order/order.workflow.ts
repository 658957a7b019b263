import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  makeContinueAsNewFunc,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SupportAlertActivities } from '../../activities/alerts/support-alert.types';
import type { EscrowActivities } from '../../activities/escrow/escrow.types';
import type { ReadModelActivities } from '../../activities/read-model/read-model.activities';
import { continueAsNewDue } from '../shared/continue-as-new';
import { EscrowFailureType } from '../shared/escrow-failures';
import { activityFailureDetails, activityFailureType } from '../shared/failures';
import { shipmentWorkflowId } from '../shared/ids';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../shared/lifecycle-policy';
import { CARRIER, DELAYED, ESCROW_STATE, ORDER_STATUS, SHIPMENT_STATUS } from '../shared/search-attributes';
import { NotificationChannel, ShipmentStatus } from '../shared/vocabulary';
import { markDeliveredManuallySignal } from '../shipment/shipment.messages';
import { shipmentWorkflow } from '../shipment/shipment.workflow';
import {
  cancelWithRefund,
  confirmReceipt,
  escrowFoundSettledOtherwise,
  escrowSettled,
  escrowSettlementFailed,
  extendDeadline,
  holdEscrow,
  markShipmentDelivered,
  rejectCancelWithLifecycle,
  rejectConfirmReceipt,
  rejectExtendDeadline,
  rejectHoldEscrow,
  rejectMarkShipmentDelivered,
  rejectReleaseEscrow,
  rejectReportProblem,
  rejectResolveDispute,
  releaseEscrow,
  reportProblem,
  resolveDispute,
} from './order-actions';
import { notificationDispatcher, requestFor, sendNotification } from './notification-dispatch';
import { applyOrderClocks, isOrderComplete, nextOrderDeadline, reviewLifecycle } from './order-lifecycle';
import { nextStatusWebhook, syncStatus } from './platform-status-sync';
import {
  addShipmentUpdate,
  cancelOrderUpdate,
  confirmReceiptUpdate,
  extendDeadlineUpdate,
  getOrderQuery,
  holdEscrowUpdate,
  markProcessingUpdate,
  markShipmentDeliveredUpdate,
  OrderRejection,
  releaseEscrowUpdate,
  reportProblemUpdate,
  resendNotificationUpdate,
  resolveDisputeUpdate,
  shipmentUpdatedSignal,
} from './order.messages';
import { rejectResendNotification, resendNotification } from './notification-resend';
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
  countedOn,
  toOrderView,
  type Rejection,
} from './order.state';
import type { OrderChange, OrderEffect, OrderState, OrderView, OrderWorkflowInput } from './order.types';

const { upsertOrderReadModel } = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Exactly once by the activity's own design (ledger, look-up, idempotency key); its whole retry
 * budget stays below the provider's 24-hour key expiry, so a retry never outlives the key it reuses.
 */
const { settleEscrow } = proxyActivities<EscrowActivities>({
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '20h',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '15m' },
});

/** Alerts are stored idempotently by their ID; a day of retries outlasts any database outage worth waiting for. */
const { raiseSupportAlert } = proxyActivities<SupportAlertActivities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '1d',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});

/** Patch IDs: each guards a change to workflow code, so histories written before it still replay. */
const Patches = {
  /** Delays, alerts, escrow release and refund, customer and admin actions. */
  LIFECYCLE: 'order-lifecycle',
  /** A settlement refused because the money moved the other way adopts that settlement. */
  ESCROW_SETTLED_OTHERWISE: 'escrow-settled-otherwise',
  /** Email, SMS and push by the customer's preferences, SMS quiet hours, collapsing, a daily cap. */
  NOTIFICATION_CHANNELS: 'notification-channels',
  /** A signed webhook to the platform on every change of the order's status or escrow state. */
  PLATFORM_STATUS_SYNC: 'platform-status-sync',
} as const;

const now = (): string => new Date().toISOString();

/** What `settleEscrow` says already moved the money, from its SETTLED_OTHERWISE failure's details. */
function settledOtherwise(details: unknown[]): { action: 'release' | 'refund'; transactionId?: string } | undefined {
  const [first] = details as Array<{ action?: unknown; transactionId?: unknown } | undefined>;
  if (first?.action !== 'release' && first?.action !== 'refund') return undefined;
  return { action: first.action, transactionId: typeof first.transactionId === 'string' ? first.transactionId : undefined };
}

function rejectWith(rejection: Rejection | undefined): void {
  if (rejection) throw ApplicationFailure.create({ type: rejection.type, message: rejection.message, nonRetryable: true });
}

/**
 * The life of one order: its status, its parcels (one child workflow each), its escrow and its
 * customer messages. Handlers apply the pure reducer at once; the main loop carries out the
 * resulting effects in order, through `commit`, and runs the order's own clocks (the promised day,
 * the dispute window) as one timer that is recomputed from state whenever state changes.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderView> {
  // Runs whose history predates the lifecycle keep behaving as they did.
  const policy: LifecyclePolicy | undefined = patched(Patches.LIFECYCLE) ? (input.lifecycle ?? DEFAULT_LIFECYCLE_POLICY) : undefined;
  const allChannels = patched(Patches.NOTIFICATION_CHANNELS);
  const statusSync = patched(Patches.PLATFORM_STATUS_SYNC);
  const pending: OrderChange[] = [];
  let state: OrderState;
  let committedRevision: number;
  /** Base reducer changes, followed by what the lifecycle makes of them. */
  const reviewed = (before: OrderState, change: OrderChange): OrderChange => (policy ? reviewLifecycle(before, change, policy, now()) : change);
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
  const answer = async (change: OrderChange): Promise<OrderView> => {
    await committed(apply(change));
    return toOrderView(state);
  };

  setHandler(getOrderQuery, () => toOrderView(state));
  setHandler(
    markProcessingUpdate,
    ({ actor }) => answer(reviewed(state, markProcessing(state, actor, now()))),
    { validator: (_request) => rejectWith(rejectMarkProcessing(state)) },
  );
  setHandler(
    addShipmentUpdate,
    async (request) => {
      await committed(apply(reviewed(state, addShipment(state, { ...request, actor: request.actor }, now()))));
      const shipment = state.shipments.find((s) => s.shipmentId === request.shipmentId);
      if (!shipment) throw ApplicationFailure.nonRetryable('Shipment vanished after being added', 'InternalError');
      return shipment;
    },
    { validator: (request) => rejectWith(rejectAddShipment(state, request)) },
  );
  setHandler(
    cancelOrderUpdate,
    ({ actor, reason }) => answer(policy ? cancelWithRefund(state, actor, reason, policy, now()) : cancelOrder(state, actor, reason, now())),
    { validator: ({ actor }) => rejectWith(policy ? rejectCancelWithLifecycle(state, actor, rejectCancel(state)) : rejectCancel(state)) },
  );
  setHandler(shipmentUpdatedSignal, (update) => void apply(reviewed(state, applyShipmentUpdate(state, update, now()))));
  // No patch needed: only a new update adds commands, and no older history holds one (a worker
  // without this handler rejects the update before it reaches history).
  setHandler(resendNotificationUpdate, (request) => answer(resendNotification(state, request, now())), {
    validator: (request) =>
      rejectWith(
        rejectResendNotification(state, request) ??
          (!allChannels && request.channel !== NotificationChannel.EMAIL
            ? { type: OrderRejection.NOT_NOTIFIED, message: 'This order predates SMS and push: it can only resend email.' }
            : undefined),
      ),
  });
  if (policy) {
    setHandler(confirmReceiptUpdate, (request) => answer(confirmReceipt(state, request, policy, now())), {
      validator: (request) => rejectWith(rejectConfirmReceipt(state, request)),
    });
    setHandler(reportProblemUpdate, (request) => answer(reportProblem(state, request, policy, now())), {
      validator: (request) => rejectWith(rejectReportProblem(state, request)),
    });
    setHandler(resolveDisputeUpdate, (request) => answer(resolveDispute(state, request, policy, now())), {
      validator: (request) => rejectWith(rejectResolveDispute(state, request)),
    });
    setHandler(markShipmentDeliveredUpdate, (request) => answer(markShipmentDelivered(state, request, policy, now())), {
      validator: (request) => rejectWith(rejectMarkShipmentDelivered(state, request)),
    });
    setHandler(extendDeadlineUpdate, (request) => answer(extendDeadline(state, request, policy, now())), {
      validator: (request) => rejectWith(rejectExtendDeadline(state, request)),
    });
    setHandler(holdEscrowUpdate, (request) => answer(holdEscrow(state, request, policy, now())), {
      validator: (request) => rejectWith(rejectHoldEscrow(state, request)),
    });
    setHandler(releaseEscrowUpdate, (request) => answer(releaseEscrow(state, request, policy, now())), {
      validator: (request) => rejectWith(rejectReleaseEscrow(state, request, policy)),
    });
  }

  /** Side effects that run beside the main loop; all are awaited before the run ends. */
  const running = new Set<Promise<void>>();
  const runBeside = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  const notificationFailed = (effect: Extract<OrderEffect, { type: 'notify' }>, channel?: NotificationChannel) => {
    const key = notificationKey(effect.milestone, effect.shipmentId);
    const notification = channel && channel !== NotificationChannel.EMAIL ? `${key} (${channel})` : key;
    log.warn('Notification failed permanently', { orderId: state.orderId, notification });
    apply(recordNotificationFailure(state, notification, now()));
  };
  const dispatch = notificationDispatcher({
    state: () => state,
    sentOn: (channel, day) => state.notificationCounts?.[`${channel}:${day}`] ?? 0,
    countSent: (channel, day) => {
      state = { ...state, notificationCounts: countedOn(state.notificationCounts, channel, day) };
    },
    failedPermanently: notificationFailed,
  });
  const notify = (effect: Extract<OrderEffect, { type: 'notify' }>) =>
    runBeside(
      allChannels
        ? dispatch(effect)
        : sendNotification(requestFor(state, effect, NotificationChannel.EMAIL)).then(
            () => undefined,
            () => notificationFailed(effect),
          ),
    );
  const raiseAlert = (effect: Extract<OrderEffect, { type: 'alert' }>) =>
    runBeside(
      raiseSupportAlert({ orderId: state.orderId, shipmentId: effect.shipmentId, kind: effect.kind, occurrence: effect.occurrence, detail: effect.detail })
        .then(() => undefined)
        .catch((err: unknown) => log.error('Could not raise a support alert', { orderId: state.orderId, kind: effect.kind, error: String(err) })),
    );
  const settle = (effect: Extract<OrderEffect, { type: 'settleEscrow' }>, lifecycle: LifecyclePolicy) => {
    const { amount, currency } = state.escrow;
    if (amount === undefined || !currency) return;
    runBeside(
      settleEscrow({ orderId: state.orderId, action: effect.action, amount, currency, reason: effect.reason }).then(
        (result) => void apply(escrowSettled(state, result, lifecycle, now())),
        (err: unknown) => {
          const failure = activityFailureType(err) ?? 'retries exhausted';
          const settledAs = failure === EscrowFailureType.SETTLED_OTHERWISE ? settledOtherwise(activityFailureDetails(err)) : undefined;
          if (settledAs && patched(Patches.ESCROW_SETTLED_OTHERWISE)) {
            log.warn('Escrow already settled the other way; adopting it', { orderId: state.orderId, refused: effect.action, settledAs: settledAs.action });
            apply(escrowFoundSettledOtherwise(state, effect.action, settledAs, lifecycle, now()));
            return;
          }
          log.error('Escrow settlement failed', { orderId: state.orderId, action: effect.action, failure });
          apply(escrowSettlementFailed(state, effect.action, failure, lifecycle, now()));
        },
      ),
    );
  };
  const tellShipmentDelivered = (effect: Extract<OrderEffect, { type: 'markShipmentDelivered' }>) =>
    runBeside(
      getExternalWorkflowHandle(shipmentWorkflowId(effect.shipmentId))
        .signal(markDeliveredManuallySignal, { keyId: effect.keyId, note: effect.note })
        // A parcel whose workflow already ended (returned, lost) has nothing left to stop.
        .catch((err: unknown) => log.warn('Could not tell the shipment about its manual delivery', { shipmentId: effect.shipmentId, error: String(err) })),
    );

  /** The one place order changes leave the workflow: children, read model, search attributes, customer, support, money. */
  const commit = async (): Promise<void> => {
    const effects = pending.splice(0).flatMap((c) => c.effects);
    for (const effect of effects) if (effect.type === 'startShipment') await startShipment(state, effect.shipmentId, input);
    const statusWebhook = statusSync ? nextStatusWebhook(state, now()) : undefined;
    if (statusWebhook) state = { ...state, platformSync: { sequence: statusWebhook.sequence, status: statusWebhook.status, escrowState: state.escrow.state } };
    const written = state;
    await upsertOrderReadModel(toOrderView(written));
    upsertSearchAttributes([
      { key: ORDER_STATUS, value: written.status },
      { key: CARRIER, value: [...new Set(written.shipments.map((s) => s.carrier))] },
      { key: ESCROW_STATE, value: written.escrow.state },
      { key: DELAYED, value: written.delayed },
    ]);
    if (statusWebhook) runBeside(syncStatus(statusWebhook));
    for (const effect of effects) {
      if (effect.type === 'notify') notify(effect);
      else if (effect.type === 'alert') raiseAlert(effect);
      else if (effect.type === 'settleEscrow' && policy) settle(effect, policy);
      else if (effect.type === 'markShipmentDelivered') tellShipmentDelivered(effect);
    }
    committedRevision = written.revision;
  };

  const finished = (): boolean => (policy ? isOrderComplete(state) : isOrderFinished(state));
  for (;;) {
    const woken = () => pending.length > 0 || finished() || continueAsNewDue(input.continueAsNewAtHistoryLength);
    const deadline = policy ? nextOrderDeadline(state) : undefined;
    if (deadline === undefined) await condition(woken);
    else if (!(await condition(woken, Math.max(1, deadline - Date.now()))) && policy) apply(applyOrderClocks(state, policy, now()));
    if (pending.length > 0) {
      await commit();
      continue;
    }
    // A message waiting out quiet hours must not hold up the order's own clocks.
    if (allChannels && !finished() && !continueAsNewDue(input.continueAsNewAtHistoryLength)) continue;
    await Promise.all(running);
    // An update handler waits for its change to be committed, so a new change must wake us too.
    await condition(() => allHandlersFinished() || pending.length > 0);
    if (pending.length > 0) continue;
    if (finished()) return toOrderView(state);
    if (!continueAsNewDue(input.continueAsNewAtHistoryLength)) continue;
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
          lifecycle: input.lifecycle,
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
